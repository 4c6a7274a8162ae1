package io.mbt.compiler.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Seeded generator of broken pipeline documents: mutations of valid pipelines (deleted keys,
 * swapped types, random bytes, truncation, deep nesting, tabs, anchors and aliases, unicode,
 * templates, includes) and documents built from scratch out of the schema's vocabulary. The same
 * seed always yields the same documents.
 */
final class YamlMutator {
  /** Keys of the pipeline schema, so random documents get past "unknown key" now and then. */
  private static final List<String> KEYS = List.of("schema_version", "base_pipeline", "project", "name", "problem_type", "tags", "owner",
      "experiment_name", "deployment", "mode", "cadence", "training", "serving", "data_source", "label_table", "feature_tables", "table",
      "join_key", "join_type", "data_windows", "label_window", "train_window", "feature_window", "offset", "duration", "unit", "split",
      "method", "test_size", "seed", "min_rows", "schema", "target", "label_column", "classes", "positive_class", "identifiers",
      "primary_key", "partition_key", "validation", "on_failure", "checks", "type", "columns", "max_null_pct", "column", "min", "max",
      "transformations", "normalization", "encoding", "enabled", "custom_transforms", "sql", "class", "feature_selection", "methods",
      "threshold", "model_training", "framework", "config", "max_depth", "learning_rate", "objective", "resources", "cpu", "memory",
      "evaluation", "primary_metric", "additional_metrics", "custom_steps", "depends_on", "before", "step_resources", "model_source",
      "run_id", "alias", "fallback_run_id", "scoring_table", "lookback_window", "output", "destination", "path", "prediction", "label");
  private static final List<String> SCALARS = List.of("1", "0", "-1", "2", "1.5", "0.0", "-0", "1e400", "99999999999999999999999", "0x1F",
      "0o17", "0b101", "017", "1_000", "1:30", ".inf", "-.inf", ".nan", "true", "false", "yes", "No", "on", "~", "null", "''", "\"\"",
      "binary_classification", "regression", "multiclass_classification", "xgboost", "automl", "mllib_gbt", "mllib_linear_regression",
      "month", "day", "quarter", "stratified", "time", "left", "inner", "one_hot", "standard_scaler", "roc_auc", "rmse", "\"8\"",
      "\"32Gi\"", "500m", "customers", "churned", "2026-01-01", "\"SELECT * FROM __THIS__\"", "com.acme.Step", "fail", "warn", "skip_row",
      "\"*\"", "'it''s'", "\"\\u00e9\\t\\n\"", "\"binary:logistic\"", "max_depht", "_base", "_missing", "_chained");
  private static final List<String> TEMPLATES = List.of("\"{{ var('x') }}\"", "\"{{ var('x', 3) }}\"", "\"{{ env_var('HOME') }}\"",
      "\"{{ env_var('NOPE', 'd') }}\"", "\"{{ secret('db/pw') }}\"", "\"{{ secret('') }}\"", "\"{{ 1/0 }}\"", "\"{{ nope() }}\"",
      "\"{{ var( }}\"", "\"{% if %}\"", "\"{% for i in range(5) %}{{ i }}{% endfor %}\"", "\"{{ 'a' * 2000 }}\"", "\"{# comment #}\"",
      "\"{{ range(100000) }}\"", "\"{{ var('execution_date') }}\"", "\"{{ undefined_name }}\"", "\"{{ [1,2,3] }}\"", "\"{{ {'a': 1} }}\"",
      "\"{{ secret('a') }}-{{ secret('b') }}\"", "\"{{ var('x') | upper }}\"", "\"{%\"", "\"}}{{\"", "\"{{ '{{' }}\"");
  private static final List<String> INCLUDES = List.of("!include includes/schema.yaml", "!include includes/missing.yaml",
      "!include ../outside.yaml", "!include /etc/hostname", "!include includes/cycle_a.yaml", "!include includes/empty.yaml",
      "!include includes/null.yaml", "!include includes/list.yaml", "!include includes", "!include", "!include {a: 1}",
      "!include [x]", "!include pipelines/f.yaml", "!include includes/../includes/schema.yaml", "!include \"\"");
  private static final String[] UNICODE = {"é", "ß", "中文", "日本", "🙂", "👩‍💻", "\u200B", "\u202E", "\u0301", "\uFEFF", "Ω", "\u00A0",
      "\u2028", "\u0085", "ｆｕｌｌ", "\uD83D", "\uDE00", "\u0000", "\u001B", "\u007F"};

  private final Random random;
  private final List<String> seeds;
  private static final List<String> PARAMS = List.of("max_depth", "max_depht", "learning_rate", "eta", "n_estimators", "subsample",
      "objective", "eval_metric", "seed", "num_workers", "max_iter", "step_size", "num_trees", "impurity", "reg_param",
      "elastic_net_param", "family", "loss", "epsilon", "max_runtime_secs", "max_models", "sort_metric", "nfolds", "include_algos",
      "exclude_algos", "feature_subset_strategy", "scale_pos_weight", "tree_method", "resources");
  private static final List<String> STEPS = List.of("load_data", "join_tables", "validate_data", "split_data", "custom_transforms",
      "encode", "normalize", "select_features", "train_model", "evaluate", "log_run", "load_model", "predict", "c0", "c1", "c2", "trian");
  /** Mutations that keep the YAML well-formed, so the schema, plugin and DAG phases see the result. */
  private final List<BiFunction<YamlMutator, String, String>> semantic = List.of(
      YamlMutator::deleteKey, YamlMutator::swapType, YamlMutator::replaceScalar, YamlMutator::anchorsAndAliases,
      YamlMutator::duplicateLine, YamlMutator::template, YamlMutator::include, YamlMutator::frameworkConfig,
      YamlMutator::customSteps, YamlMutator::replaceScalar);
  /** Mutations that mostly break the YAML itself. */
  private final List<BiFunction<YamlMutator, String, String>> syntactic = List.of(
      YamlMutator::deleteLine, YamlMutator::randomBytes, YamlMutator::truncate, YamlMutator::deepNesting, YamlMutator::tabs,
      YamlMutator::unicode, YamlMutator::shiftIndent, YamlMutator::swapLines, YamlMutator::flowStyle);

  YamlMutator(long seed, List<String> validDocuments) {
    this.random = new Random(seed);
    this.seeds = List.copyOf(validDocuments);
  }

  /** The next document: usually one to three mutations of a valid pipeline, sometimes a random tree. */
  String next() {
    return next(seeds);
  }

  /** One to three mutations of one of {@code validDocuments}, or (rarely) a random tree. */
  String next(List<String> validDocuments) {
    int roll = random.nextInt(100);
    if (roll < 8) {
      return randomDocument();
    }
    String doc = pick(validDocuments);
    int count = roll < 60 ? 1 : roll < 85 ? 2 : 3;
    for (int i = 0; i < count; i++) {
      doc = pick(random.nextInt(10) < 7 ? semantic : syntactic).apply(this, doc);
    }
    return doc;
  }

  // ---- mutations ---------------------------------------------------------------------------------

  private String deleteLine(String doc) {
    List<String> lines = lines(doc);
    if (lines.isEmpty()) {
      return doc;
    }
    lines.remove(random.nextInt(lines.size()));
    return join(lines);
  }

  /** Removes a key together with the lines indented below it. */
  private String deleteKey(String doc) {
    List<String> lines = lines(doc);
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().matches("[-\\w ]*\\w:.*")) {
        keys.add(i);
      }
    }
    if (keys.isEmpty()) {
      return doc;
    }
    int start = pick(keys);
    int indent = indentOf(lines.get(start));
    int end = start + 1;
    while (end < lines.size() && (lines.get(end).isBlank() || indentOf(lines.get(end)) > indent)) {
      end++;
    }
    lines.subList(start, end).clear();
    return join(lines);
  }

  /** Replaces the value after a colon with a value of another type. */
  private String swapType(String doc) {
    List<String> lines = lines(doc);
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(":")) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return doc;
    }
    int i = pick(candidates);
    String line = lines.get(i);
    int colon = line.indexOf(':');
    String replacement = switch (random.nextInt(7)) {
      case 0 -> "[" + pick(SCALARS) + ", " + pick(SCALARS) + "]";
      case 1 -> "{" + pick(KEYS) + ": " + pick(SCALARS) + "}";
      case 2 -> "[]";
      case 3 -> "{}";
      case 4 -> "\n" + " ".repeat(indentOf(line) + 2) + "- " + pick(SCALARS);
      case 5 -> "\n" + " ".repeat(indentOf(line) + 2) + pick(KEYS) + ": " + pick(SCALARS);
      default -> pick(SCALARS);
    };
    lines.set(i, line.substring(0, colon + 1) + " " + replacement);
    return join(lines);
  }

  /** Replaces one scalar value with another scalar, keeping the structure. */
  private String replaceScalar(String doc) {
    List<String> lines = lines(doc);
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("\\s*-?\\s*[\\w-]+: [^\\[{].*")) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return doc;
    }
    int i = pick(candidates);
    String line = lines.get(i);
    lines.set(i, line.substring(0, line.indexOf(": ") + 2) + pick(SCALARS));
    return join(lines);
  }

  /** Adds framework parameters with arbitrary values, or switches the framework or problem type. */
  private String frameworkConfig(String doc) {
    return switch (random.nextInt(4)) {
      case 0 -> doc.replaceFirst("framework: \\w+", "framework: " + pick(List.of("xgboost", "automl", "mllib_gbt", "mllib_random_forest",
          "mllib_logistic_regression", "mllib_linear_regression", "h2o_automl", "xgbost")));
      case 1 -> doc.replaceFirst("problem_type: \\w+", "problem_type: " + pick(List.of("binary_classification", "regression",
          "multiclass_classification", "binary", "clustering")));
      default -> {
        StringBuilder params = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
          params.append("      ").append(pick(PARAMS)).append(": ")
              .append(random.nextInt(4) == 0 ? "[" + pick(SCALARS) + ", " + pick(List.of("xgboost", "gbt", "svm")) + "]" : pick(SCALARS))
              .append('\n');
        }
        yield doc.contains("    config:\n") ? doc.replaceFirst("    config:\n", "    config:\n" + params) : doc;
      }
    };
  }

  /** Appends custom steps wired to random steps: unknown names, cycles, clashes with built-in steps. */
  private String customSteps(String doc) {
    if (!doc.contains("\ntraining:") && !doc.contains("\nserving:")) {
      return doc;
    }
    StringBuilder b = new StringBuilder(doc.endsWith("\n") ? "" : "\n").append("  custom_steps:\n");
    int n = 1 + random.nextInt(3);
    for (int k = 0; k < n; k++) {
      b.append("    - name: ").append(random.nextInt(5) == 0 ? pick(STEPS) : "c" + k).append('\n')
          .append("      class: com.acme.Step").append(k).append('\n');
      if (random.nextBoolean()) {
        b.append("      depends_on: [").append(pick(STEPS)).append("]\n");
      }
      if (random.nextBoolean()) {
        b.append("      before: [").append(pick(STEPS)).append("]\n");
      }
    }
    if (random.nextInt(3) == 0) {
      b.append("  step_resources:\n    ").append(pick(STEPS)).append(": {memory: ").append(pick(SCALARS)).append("}\n");
    }
    return doc + b;
  }

  private String randomBytes(String doc) {
    StringBuilder out = new StringBuilder(doc);
    int n = 1 + random.nextInt(8);
    for (int k = 0; k < n; k++) {
      char c = random.nextInt(4) == 0 ? (char) random.nextInt(32) : (char) (32 + random.nextInt(95));
      out.insert(random.nextInt(out.length() + 1), c);
    }
    return out.toString();
  }

  private String truncate(String doc) {
    return doc.substring(0, random.nextInt(doc.length() + 1));
  }

  /** Nests a value 50 to 400 levels deep, in flow or block style. */
  private String deepNesting(String doc) {
    int depth = 50 + random.nextInt(350);
    String value = switch (random.nextInt(3)) {
      case 0 -> "[".repeat(depth) + "1" + "]".repeat(depth);
      case 1 -> "{a: ".repeat(depth) + "1" + "}".repeat(depth);
      default -> {
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < depth; d++) {
          b.append('\n').append(" ".repeat(2 + d)).append("k").append(d).append(':');
        }
        yield b.append(" 1").toString();
      }
    };
    return replaceAValue(doc, value);
  }

  private String tabs(String doc) {
    List<String> lines = lines(doc);
    if (lines.isEmpty()) {
      return doc;
    }
    int i = random.nextInt(lines.size());
    lines.set(i, lines.get(i).replaceFirst("^  ", "\t"));
    if (random.nextBoolean()) {
      lines.set(i, lines.get(i).replace(": ", ":\t"));
    }
    return join(lines);
  }

  /** Anchors one value and refers to it elsewhere: plain aliases, merge keys, self references, alias fan-out. */
  private String anchorsAndAliases(String doc) {
    return switch (random.nextInt(5)) {
      case 0 -> "shared: &s {max_depth: 4, cpu: \"2\"}\n" + doc.replaceFirst("config:\\s*\\n", "config:\n      <<: *s\n");
      case 1 -> "x: &a [1, 2]\n" + replaceAValue(doc, "*a");
      case 2 -> replaceAValue(doc, "&self [1, *self]");
      case 3 -> replaceAValue(doc, "*undefined_anchor");
      default -> {
        StringBuilder b = new StringBuilder("l0: &l0 [a, b, c, d, e, f, g, h]\n");
        int levels = 2 + random.nextInt(8);
        for (int l = 1; l < levels; l++) {
          b.append("l").append(l).append(": &l").append(l).append(" [").append(String.join(", ", java.util.Collections.nCopies(8, "*l" + (l - 1))))
              .append("]\n");
        }
        yield b + doc;
      }
    };
  }

  private String unicode(String doc) {
    StringBuilder out = new StringBuilder(doc);
    int n = 1 + random.nextInt(4);
    for (int k = 0; k < n; k++) {
      out.insert(random.nextInt(out.length() + 1), UNICODE[random.nextInt(UNICODE.length)]);
    }
    return out.toString();
  }

  private String duplicateLine(String doc) {
    List<String> lines = lines(doc);
    if (lines.isEmpty()) {
      return doc;
    }
    int i = random.nextInt(lines.size());
    lines.add(i, lines.get(i));
    return join(lines);
  }

  private String template(String doc) {
    return replaceAValue(doc, pick(TEMPLATES));
  }

  private String include(String doc) {
    return replaceAValue(doc, pick(INCLUDES));
  }

  private String shiftIndent(String doc) {
    List<String> lines = lines(doc);
    if (lines.isEmpty()) {
      return doc;
    }
    int i = random.nextInt(lines.size());
    int shift = random.nextInt(7) - 3;
    String line = lines.get(i);
    lines.set(i, shift >= 0 ? " ".repeat(shift) + line : line.substring(Math.min(-shift, indentOf(line))));
    return join(lines);
  }

  private String swapLines(String doc) {
    List<String> lines = lines(doc);
    if (lines.size() < 2) {
      return doc;
    }
    int a = random.nextInt(lines.size());
    int b = random.nextInt(lines.size());
    String t = lines.get(a);
    lines.set(a, lines.get(b));
    lines.set(b, t);
    return join(lines);
  }

  /** Breaks flow collections: drops a closing bracket or a comma. */
  private String flowStyle(String doc) {
    int i = Math.max(doc.indexOf(']'), doc.indexOf('}'));
    if (i < 0) {
      return doc.replaceFirst(",", "");
    }
    return doc.substring(0, i) + doc.substring(i + 1);
  }

  // ---- random documents --------------------------------------------------------------------------

  private String randomDocument() {
    StringBuilder b = new StringBuilder();
    if (random.nextBoolean()) {
      b.append("schema_version: ").append(random.nextInt(3)).append('\n');
    }
    int keys = 1 + random.nextInt(6);
    for (int k = 0; k < keys; k++) {
      b.append(pick(KEYS)).append(':');
      randomValue(b, 2, 0);
    }
    return b.toString();
  }

  private void randomValue(StringBuilder b, int indent, int depth) {
    int roll = depth > 4 ? 0 : random.nextInt(4);
    switch (roll) {
      case 1 -> {
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n; k++) {
          b.append('\n').append(" ".repeat(indent)).append(pick(KEYS)).append(':');
          randomValue(b, indent + 2, depth + 1);
        }
      }
      case 2 -> {
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
          b.append('\n').append(" ".repeat(indent)).append("- ").append(pick(KEYS)).append(':');
          randomValue(b, indent + 4, depth + 1);
        }
      }
      case 3 -> b.append(' ').append(random.nextBoolean() ? pick(TEMPLATES) : pick(INCLUDES));
      default -> b.append(' ').append(pick(SCALARS));
    }
    if (depth == 0 || roll == 0 || roll == 3) {
      b.append('\n');
    }
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private String replaceAValue(String doc, String value) {
    List<String> lines = lines(doc);
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("\\s*[\\w-]+:.*")) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return doc + "\nextra: " + value + "\n";
    }
    int i = pick(candidates);
    String line = lines.get(i);
    lines.set(i, line.substring(0, line.indexOf(':') + 1) + " " + value);
    return join(lines);
  }

  /** A number in [0, bound), from the same seeded sequence. */
  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static List<String> lines(String doc) {
    return new ArrayList<>(Arrays.asList(doc.split("\n", -1)));
  }

  private static String join(List<String> lines) {
    return String.join("\n", lines);
  }
}
