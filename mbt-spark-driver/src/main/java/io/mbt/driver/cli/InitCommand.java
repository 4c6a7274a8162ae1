package io.mbt.driver.cli;

import io.mbt.compiler.manifest.ManifestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mbt init NAME}: scaffolds a project (blueprint §16.3) that validates, compiles and passes its DAG tests. */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a new MBT project with a sample pipeline, profile, DAG test and data.")
final class InitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "Project name (letters, digits, '_'); also the directory created.")
  String name;

  @Option(names = "--dir", paramLabel = "DIR", description = "Parent directory (default: the current directory).")
  Path parent = Path.of("");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new UsageException("project name '" + name + "' must be letters, digits and '_', starting with a letter (e.g. churn_models)");
    }
    Path root = parent.resolve(name).toAbsolutePath().normalize();
    if (Files.exists(root)) {
      throw new UsageException(root + " already exists; choose another name or --dir");
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put("mbt_project.yaml", """
        name: %s
        profile: %s
        pipeline_paths: [pipelines]
        test_paths: [tests]
        target_path: target
        vars:
          execution_date: "2026-01-01"
        """.formatted(name, name));
    files.put("profiles.yaml", """
        %s:
          target: dev
          secrets: {provider: env, config: {}}
          outputs:
            dev:
              executor: {type: local, config: {}}
              storage: {type: local, config: {base_path: ./local_artifacts}}
              data_connector:
                type: local_file
                config: {data_path: ./sample_data, format: csv, csv_options: {header: true}}
              model_registry: {type: local, config: {path: ./mbt_registry}}
              resources: {cpu: "2", memory: "4Gi"}
        """.formatted(name));
    files.put("pipelines/_base_example.yaml", """
        schema_version: 1
        project:
          experiment_name: %s_example
          problem_type: binary_classification
          tags: [example]
        training:
          data_source: !include includes/example_data_source.yaml
          schema:
            target: {label_column: label, classes: ["0", "1"], positive_class: "1"}
            identifiers: {primary_key: id}
            ignored_columns: [id]
          transformations:
            encoding: {enabled: true, method: one_hot}
            normalization: {enabled: true, method: standard_scaler}
          evaluation:
            primary_metric: roc_auc
            additional_metrics: [accuracy, f1, precision, recall]
        """.formatted(name));
    files.put("includes/example_data_source.yaml", """
        label_table: example_customers
        split: {method: stratified, test_size: 0.2, seed: 42}
        min_rows: 100
        """);
    files.put("pipelines/example_training_v1.yaml", """
        schema_version: 1
        base_pipeline: _base_example
        project:
          name: example_training_v1
          tags: [example, training]
        training:
          model_training:
            framework: xgboost
            config: {n_estimators: 100, max_depth: 4, learning_rate: 0.1, seed: 42}
        """);
    files.put("tests/example_training_v1.test.yaml", """
        pipeline: example_training_v1
        assertions:
          - {type: step_exists, step: train_model}
          - {type: step_absent, step: select_features}
          - {type: step_order, before: normalize, after: train_model}
          - {type: step_count, min: 6, max: 10}
        """);
    files.put("lib/README.md", "Put jars with custom transforms, metrics and validators here; MBT adds lib/*.jar to the classpath.\n");
    files.put(".gitignore", "target/\nlocal_artifacts/\nmbt_registry/\nlogs/\nspark-warehouse/\n");
    files.put("sample_data/example_customers.csv", sampleData());
    for (Map.Entry<String, String> e : files.entrySet()) {
      ManifestFiles.writeAtomically(root.resolve(e.getKey()), e.getValue());
    }
    try {
      Files.createDirectories(root.resolve("target"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    spec.commandLine().getOut().println("created project " + name + " in " + root);
    spec.commandLine().getOut().println("next: cd " + name + " && mbt validate && mbt compile --all && mbt test");
    return MbtCli.OK;
  }

  /** A small synthetic churn-like data set (seeded, so every scaffold is the same). */
  private static String sampleData() {
    Random random = new Random(42);
    StringBuilder csv = new StringBuilder("id,tenure,monthly_charges,contract,support_calls,label\n");
    String[] contracts = {"monthly", "yearly", "two_year"};
    for (int i = 1; i <= 1000; i++) {
      int tenure = random.nextInt(72);
      double charges = 20 + random.nextDouble() * 100;
      String contract = contracts[random.nextInt(3)];
      int calls = random.nextInt(8);
      double score = -1.5 - tenure * 0.04 + charges * 0.015 + calls * 0.35 + (contract.equals("monthly") ? 1.0 : -0.5) + random.nextGaussian() * 0.5;
      csv.append(String.format(Locale.ROOT, "c%04d,%d,%.2f,%s,%d,%d%n", i, tenure, charges, contract, calls, score > 0 ? 1 : 0));
    }
    return csv.toString();
  }
}
