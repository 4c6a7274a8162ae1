package io.mbt.steps.training;

import io.mbt.compiler.model.EncodingMethod;
import io.mbt.compiler.model.HandleUnknown;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.transform.CategoryText;
import io.mbt.steps.transform.DropColumns;
import io.mbt.steps.transform.SqlText;
import io.mbt.steps.transform.TransformErrors;
import io.mbt.steps.transform.TransformIO;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * {@code encode}: categorical columns to indices ({@code <c>__idx}, most frequent category first)
 * and, for {@code one_hot}, to one-hot vectors ({@code <c>__ohe}, one slot per category plus the
 * unknown bucket). One fitted pipeline for all columns:
 *
 * <ol>
 *   <li>a {@link CategoryText} stage writes each column as text into {@code __enc_<c>} (numeric categoricals
 *       are cast; a missing value becomes the category {@value #MISSING});
 *   <li>a StringIndexer, frequency-descending, fitted on the train set; with {@code
 *       handle_unknown: keep} a category the train set lacks gets the extra index {@code n} (the
 *       unknown bucket); with {@code error} such a category fails the step, which checks the
 *       test set's indices in one pass rather than leave the failure to the step that reads it;
 *   <li>with {@code max_categories: n}, only the {@code n} most frequent train categories keep
 *       their own index and the rest share index {@code n}: the fitted indexer's labels are cut to
 *       the top {@code n} (with {@code keep}, rarer categories fall into the unknown bucket; with
 *       {@code error}, the stage of step 1 maps the train set's rarer categories to {@value #OTHER},
 *       which takes index {@code n}, so only categories never seen fail);
 *   <li>for one_hot, a OneHotEncoder (dropLast=false, handleInvalid=keep);
 *   <li>the {@code __enc_} columns are dropped.
 * </ol>
 *
 * <p>The one-hot vector of a column with {@code n} categories has {@code n + 2} slots with
 * handle_unknown keep: the categories, Spark's {@code __unknown} bucket, and OneHotEncoder's own
 * (always empty) slot for invalid indices that handleInvalid=keep adds.
 */
public final class EncodeStep implements Step {
  /** The category a missing value is indexed as. */
  public static final String MISSING = "__missing__";
  /** With handle_unknown=error and max_categories: the category the train set's rarer values share. */
  public static final String OTHER = "__other__";
  private static final String PREPARED_PREFIX = "__enc_";

  /** The step's config, as the compiler wrote it. */
  public record Config(EncodingMethod method, List<String> columns, HandleUnknown handleUnknown, Optional<Integer> maxCategories,
      List<String> categoricalColumns, SchemaSpec schema) {
    public Config {
      method = method == null ? EncodingMethod.ONE_HOT : method;
      columns = columns == null ? List.of() : List.copyOf(columns);
      handleUnknown = handleUnknown == null ? HandleUnknown.KEEP : handleUnknown;
      maxCategories = maxCategories == null ? Optional.empty() : maxCategories;
      categoricalColumns = categoricalColumns == null ? List.of() : List.copyOf(categoricalColumns);
    }
  }

  /** The fitted encoding and what it learnt. */
  record Fitted(PipelineModel model, Map<String, Integer> categories, List<String> capped) {}

  @Override
  public void run(StepContext ctx) {
    Config config = ctx.config(Config.class);
    TransformIO.Inputs inputs = TransformIO.read(ctx);
    List<String> columns = columns(config, inputs.train().schema());
    Fitted fitted;
    if (columns.isEmpty()) {
      ctx.log().warn("encode_nothing", Map.of("reason", "no categorical feature columns"));
      fitted = new Fitted(TransformIO.fit(List.of(), inputs.train()), Map.of(), List.of());
    } else {
      fitted = fit(config, columns, inputs.train());
    }
    if (config.handleUnknown() == HandleUnknown.ERROR && !columns.isEmpty()) {
      checkNoUnseenCategories(fitted.model(), inputs.test(), columns);
    }
    TransformIO.write(ctx, inputs, fitted.model());
    ctx.record("encoded_columns", columns);
    ctx.record("method", config.method().yamlName());
    ctx.record("categories", fitted.categories());
    if (!fitted.capped().isEmpty()) {
      ctx.record("capped_columns", fitted.capped());
    }
    ctx.log().info("encoded", Map.of("columns", columns.size(), "method", config.method().yamlName()));
  }

  /**
   * With handle_unknown=error, fails the step now (one pass over the test set's indices) rather
   * than whichever later step first reads the test set.
   */
  private static void checkNoUnseenCategories(PipelineModel model, Dataset<Row> test, List<String> columns) {
    try {
      model.transform(test).selectExpr(columns.stream().map(c -> SqlText.identifier(c + FeatureLayout.INDEX_SUFFIX)).toArray(String[]::new))
          .write().format("noop").mode("overwrite").save();
    } catch (Exception e) { // a failed Spark job is a SparkException, checked to Java
      if (TransformErrors.rootMessage(e).contains("Unseen label")) {
        throw TransformErrors.unseenCategory(e);
      }
      throw e;
    }
  }

  /** {@code columns}, or every categorical feature (string columns and declared categoricals). */
  static List<String> columns(Config config, StructType schema) {
    FeatureLayout layout = FeatureLayout.of(schema, withCategoricals(config.schema(), config.categoricalColumns()));
    if (config.columns().isEmpty()) {
      return layout.categorical();
    }
    for (String c : config.columns()) {
      if (!List.of(schema.fieldNames()).contains(c)) {
        throw TransformErrors.missingColumn("encode", "encoding.columns", c, schema);
      }
      if (!layout.categorical().contains(c)) {
        // A numeric column encoded without being declared categorical would be encoded and then ignored by train_model.
        throw TransformErrors.notAFeatureOfKind("encode", "encoding.columns", c, "categorical", layout.categorical());
      }
    }
    return List.copyOf(new LinkedHashSet<>(config.columns()));
  }

  static Fitted fit(Config config, List<String> columns, Dataset<Row> train) {
    if (config.maxCategories().isPresent() && config.maxCategories().get() < 1) {
      throw new StepFailedException("encode: max_categories must be >= 1, but was: " + config.maxCategories().get(),
          "fix training.transformations.encoding.max_categories");
    }
    boolean keep = config.handleUnknown() == HandleUnknown.KEEP;
    String[] prepared = columns.stream().map(c -> PREPARED_PREFIX + c).toArray(String[]::new);
    String[] indexed = columns.stream().map(c -> c + FeatureLayout.INDEX_SUFFIX).toArray(String[]::new);
    StringIndexer indexer = new StringIndexer().setInputCols(prepared).setOutputCols(indexed).setStringOrderType("frequencyDesc")
        .setHandleInvalid(keep ? "keep" : "error");
    PipelineModel indexing = TransformIO.fit(List.of(prepare(columns, Map.of()), indexer), train);
    String[][] labels = ((StringIndexerModel) indexing.stages()[1]).labelsArray();

    CategoryText preparation = (CategoryText) indexing.stages()[0];
    StringIndexerModel indexerModel = (StringIndexerModel) indexing.stages()[1];
    List<String> capped = new ArrayList<>();
    if (config.maxCategories().isPresent()) {
      int max = config.maxCategories().get();
      Map<String, List<String>> rare = new LinkedHashMap<>();
      String[][] kept = new String[labels.length][];
      for (int i = 0; i < labels.length; i++) {
        if (labels[i].length <= max) {
          kept[i] = labels[i];
          continue;
        }
        capped.add(columns.get(i));
        kept[i] = Arrays.copyOf(labels[i], max);
        if (!keep) {
          // Without an unknown bucket, the train set's rarer categories need a category of their own.
          rare.put(columns.get(i), List.of(Arrays.copyOfRange(labels[i], max, labels[i].length)));
          kept[i] = Arrays.copyOf(labels[i], max + 1);
          kept[i][max] = OTHER;
        }
      }
      labels = kept;
      preparation = prepare(columns, rare);
      indexerModel = new StringIndexerModel(kept).setInputCols(prepared).setOutputCols(indexed).setHandleInvalid(keep ? "keep" : "error");
    }

    List<PipelineStage> stages = new ArrayList<>(List.of(preparation, indexerModel));
    if (config.method() == EncodingMethod.ONE_HOT) {
      String[] oneHot = columns.stream().map(c -> c + FeatureLayout.ONE_HOT_SUFFIX).toArray(String[]::new);
      stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(oneHot).setDropLast(false).setHandleInvalid("keep"));
    }
    stages.add(new DropColumns().setColumns(prepared));
    // Transformers plus a OneHotEncoder that reads its sizes from the indexer's metadata: no further pass over the data.
    PipelineModel model = TransformIO.fit(stages, train);

    Map<String, Integer> categories = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      categories.put(columns.get(i), labels[i].length);
    }
    return new Fitted(model, categories, capped);
  }

  /** {@code __enc_<c>}: the column as text, missing values as {@value #MISSING}, the train set's rare categories as {@value #OTHER}. */
  private static CategoryText prepare(List<String> columns, Map<String, List<String>> rare) {
    return new CategoryText().setColumns(columns, columns.stream().map(c -> PREPARED_PREFIX + c).toList(), MISSING, OTHER, rare);
  }

  /** The schema with the step's {@code categorical_columns} declared categorical too. */
  private static SchemaSpec withCategoricals(SchemaSpec schema, List<String> categorical) {
    Set<String> all = new LinkedHashSet<>(schema.categoricalColumns());
    all.addAll(categorical);
    if (all.size() == schema.categoricalColumns().size()) {
      return schema;
    }
    return new SchemaSpec(schema.target(), schema.identifiers(), schema.ignoredColumns(), schema.featureColumns(), List.copyOf(all),
        schema.columnTypes());
  }
}
