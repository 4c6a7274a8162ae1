package io.mbt.steps.training;

import io.mbt.compiler.model.NormalizationMethod;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.transform.DropColumns;
import io.mbt.steps.transform.NumericImputation;
import io.mbt.steps.transform.TransformErrors;
import io.mbt.steps.transform.TransformIO;
import io.mbt.steps.transform.VectorSlotNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.RobustScaler;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.types.StructType;

/**
 * {@code normalize}: scales the numeric features into one vector, {@link
 * FeatureLayout#NUMERIC_SCALED}, with statistics of the train set only. The fitted pipeline:
 *
 * <ol>
 *   <li>a {@link io.mbt.steps.transform.CastToDouble} stage casts every numeric feature to double, and an Imputer fills missing
 *       values with the train set's median (scalers and MLlib models cannot take nulls);
 *   <li>a VectorAssembler puts the columns to scale into {@link FeatureLayout#NUMERIC};
 *   <li>the scaler: {@code standard_scaler} (mean 0, standard deviation 1), {@code min_max_scaler}
 *       (to [0, 1]) or {@code robust_scaler} (median removed, divided by the interquartile range;
 *       quantiles are approximate, relative error 0.001);
 *   <li>when {@code columns} names only some numeric features, a VectorAssembler appends the
 *       others, imputed but unscaled, so that {@link FeatureLayout#NUMERIC_SCALED} still holds
 *       every numeric feature (train_model assembles it instead of the raw numeric columns);
 *   <li>slot names: Spark's three scalers replace the input's ML attributes by the vector size
 *       alone, dropping the column names the assembler recorded, so a {@link VectorSlotNames}
 *       stage names the slots of {@link FeatureLayout#NUMERIC_SCALED} after the numeric columns
 *       (feature importance then reads {@code tenure}, not {@code __numeric_scaled_3}); the named
 *       attributes also tell a later VectorAssembler with handleInvalid=keep the vector's size
 *       without a look at the data (each stage saved costs a Spark job or two, so no
 *       VectorSizeHint);
 *   <li>the temporary columns are dropped; the original columns stay as they were.
 * </ol>
 */
public final class NormalizeStep implements Step {
  private static final String SCALED_PART = "__numeric_scaled_part";

  /** The step's config, as the compiler wrote it. */
  public record Config(NormalizationMethod method, List<String> columns, SchemaSpec schema) {
    public Config {
      method = method == null ? NormalizationMethod.STANDARD_SCALER : method;
      columns = columns == null ? List.of() : List.copyOf(columns);
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config config = ctx.config(Config.class);
    TransformIO.Inputs inputs = TransformIO.read(ctx);
    FeatureLayout layout = FeatureLayout.of(inputs.train().schema(), config.schema());
    List<String> scaled = columns(config, layout, inputs.train().schema());
    PipelineModel fitted;
    if (scaled.isEmpty()) {
      ctx.log().warn("normalize_nothing", Map.of("reason", "no numeric feature columns"));
      fitted = TransformIO.fit(List.of(), inputs.train());
    } else {
      List<String> unscaled = layout.numeric().stream().filter(c -> !scaled.contains(c)).toList();
      try {
        fitted = TransformIO.fit(stages(config.method(), scaled, unscaled), inputs.train());
      } catch (Exception e) { // Imputer fails with a SparkException, checked to Java
        Optional<StepFailedException> clear = TransformErrors.noValues("normalize", e);
        if (clear.isPresent()) {
          throw clear.get();
        }
        throw e;
      }
    }
    TransformIO.write(ctx, inputs, fitted);
    ctx.record("method", config.method().yamlName());
    ctx.record("scaled_columns", scaled);
    ctx.log().info("normalized", Map.of("columns", scaled.size(), "method", config.method().yamlName()));
  }

  /** {@code columns}, or every numeric feature. */
  static List<String> columns(Config config, FeatureLayout layout, StructType schema) {
    if (config.columns().isEmpty()) {
      return layout.numeric();
    }
    for (String c : config.columns()) {
      if (!List.of(schema.fieldNames()).contains(c)) {
        throw TransformErrors.missingColumn("normalize", "normalization.columns", c, schema);
      }
      if (!layout.numeric().contains(c)) {
        throw TransformErrors.notAFeatureOfKind("normalize", "normalization.columns", c, "numeric", layout.numeric());
      }
    }
    return List.copyOf(new LinkedHashSet<>(config.columns()));
  }

  /** The stages described above; {@code unscaled} are the numeric features passed through unscaled. */
  static List<PipelineStage> stages(NormalizationMethod method, List<String> scaled, List<String> unscaled) {
    List<String> all = Stream.concat(scaled.stream(), unscaled.stream()).toList();
    NumericImputation imputation = new NumericImputation(all);
    List<PipelineStage> stages = new ArrayList<>(imputation.stages());
    String[] imputedScaled = scaled.stream().map(NumericImputation::imputed).toArray(String[]::new);
    stages.add(new VectorAssembler().setInputCols(imputedScaled).setOutputCol(FeatureLayout.NUMERIC).setHandleInvalid("keep"));
    String scalerOutput = unscaled.isEmpty() ? FeatureLayout.NUMERIC_SCALED : SCALED_PART;
    stages.add(scaler(method, scalerOutput));
    List<String> temporaries = new ArrayList<>(imputation.temporaries());
    if (!unscaled.isEmpty()) {
      List<String> parts = new ArrayList<>(List.of(SCALED_PART));
      unscaled.forEach(c -> parts.add(NumericImputation.imputed(c)));
      // The scaler's output carries its size, so this assembler needs no look at the data.
      stages.add(new VectorAssembler().setInputCols(parts.toArray(String[]::new)).setOutputCol(FeatureLayout.NUMERIC_SCALED).setHandleInvalid("keep"));
      temporaries.add(SCALED_PART);
    }
    stages.add(new VectorSlotNames().setInputCol(FeatureLayout.NUMERIC_SCALED).setNames(all.toArray(String[]::new)));
    stages.add(new DropColumns().setColumns(temporaries.toArray(String[]::new)));
    return stages;
  }

  private static PipelineStage scaler(NormalizationMethod method, String output) {
    switch (method) {
      case MIN_MAX_SCALER:
        return new MinMaxScaler().setInputCol(FeatureLayout.NUMERIC).setOutputCol(output);
      case ROBUST_SCALER:
        // Centred like scikit-learn's RobustScaler (Spark's default leaves the median in).
        return new RobustScaler().setInputCol(FeatureLayout.NUMERIC).setOutputCol(output).setWithCentering(true).setWithScaling(true);
      case STANDARD_SCALER:
      default:
        return new StandardScaler().setInputCol(FeatureLayout.NUMERIC).setOutputCol(output).setWithMean(true).setWithStd(true);
    }
  }
}
