package io.mbt.steps.training;

import io.mbt.compiler.model.FeatureSelectionSpec;
import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.api.Step;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.transform.DropColumns;
import io.mbt.steps.transform.NumericImputation;
import io.mbt.steps.transform.TransformErrors;
import io.mbt.steps.transform.TransformIO;
import io.mbt.steps.transform.VectorSlotNames;
import io.mbt.steps.transform.selection.FeatureSelection;
import io.mbt.steps.transform.selection.FeatureUnit;
import io.mbt.steps.transform.selection.FeatureUnits;
import io.mbt.steps.transform.selection.SelectionFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.ImputerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.feature.VectorSlicer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code select_features}: runs the configured methods on the train set's feature inputs ({@link
 * FeatureLayout#assemblerInputs}), then assembles the kept features into {@link
 * FeatureLayout#FEATURES}, which train_model uses as is. A feature is a source column: a one-hot
 * vector is kept or dropped with all its slots, each numeric column inside {@link
 * FeatureLayout#NUMERIC_SCALED} on its own.
 *
 * <p>The fitted pipeline: a cast and an Imputer (train medians) for kept raw numeric columns
 * (MLlib models take no nulls); a VectorSlicer of the kept slots of {@link
 * FeatureLayout#NUMERIC_SCALED}, if only some are kept; the VectorAssembler (handleInvalid=keep);
 * slot names that read as the user's columns; the temporary columns dropped.
 */
public final class SelectFeaturesStep implements Step {
  private static final String CANDIDATES = "__selection_candidates";
  private static final String NUMERIC_SELECTED = "__numeric_selected";
  private static final long SEED = 42L;

  /** The step's config, as the compiler wrote it. */
  public record Config(List<FeatureSelectionSpec.Method> methods, ProblemType problemType, SchemaSpec schema) {
    public Config {
      methods = methods == null ? List.of() : List.copyOf(methods);
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config config = ctx.config(Config.class);
    FeatureSelection selection = new FeatureSelection(config.methods());
    TransformIO.Inputs inputs = TransformIO.read(ctx);
    Dataset<Row> train = inputs.train();
    FeatureLayout layout = FeatureLayout.of(train.schema(), config.schema());
    List<String> assemblerInputs = layout.assemblerInputs(train.schema());
    List<String> raw = assemblerInputs.stream().filter(c -> !FeatureLayout.isInternal(c)).toList();
    NumericImputation imputation = new NumericImputation(raw);

    List<PipelineStage> candidateStages = new ArrayList<>(imputation.stages());
    candidateStages.add(assembler(imputed(assemblerInputs, raw), CANDIDATES));
    PipelineModel candidates;
    try {
      candidates = TransformIO.fit(candidateStages, train);
    } catch (Exception e) { // Imputer fails with a SparkException, checked to Java
      Optional<StepFailedException> clear = TransformErrors.noValues("select_features", e);
      if (clear.isPresent()) {
        throw clear.get();
      }
      throw e;
    }
    Dataset<Row> assembled = candidates.transform(train);
    List<FeatureUnit> units = FeatureUnits.of(assembled, assemblerInputs, layout);

    // The labelled rows, the candidate vector and the raw numeric columns (variance is measured on those), cached for the methods' passes.
    Set<String> columns = new LinkedHashSet<>(List.of(LabelInfo.INDEX_COLUMN, CANDIDATES));
    units.stream().filter(FeatureUnit::numeric).map(FeatureUnit::name).filter(List.of(train.columns())::contains).forEach(columns::add);
    Dataset<Row> frameData = assembled.filter(functions.col(LabelInfo.INDEX_COLUMN).isNotNull())
        .select(columns.stream().map(functions::col).toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
    FeatureSelection.Outcome outcome;
    try {
      long rows = frameData.count();
      outcome = selection.select(new SelectionFrame(frameData, rows, CANDIDATES, LabelInfo.INDEX_COLUMN, config.problemType(), SEED), units);
    } finally {
      frameData.unpersist();
    }

    PipelineModel fitted = assembly(outcome.kept(), assemblerInputs, raw, imputer(candidates), train);
    TransformIO.write(ctx, inputs, fitted);
    List<String> selected = outcome.kept().stream().map(FeatureUnit::name).toList();
    ctx.record("selected_features", selected);
    ctx.record("dropped_features", outcome.dropped());
    ctx.log().info("selected_features", Map.of("candidates", units.size(), "selected", selected.size()));
  }

  /**
   * The fitted pipeline that assembles exactly {@code kept} into {@link FeatureLayout#FEATURES}.
   * All its stages are transformers (the Imputer is the one fitted for the candidates, restricted
   * to the kept columns), so fitting it runs no Spark job.
   */
  static PipelineModel assembly(List<FeatureUnit> kept, List<String> assemblerInputs, List<String> raw, ImputerModel imputer, Dataset<Row> train) {
    Set<String> keptInputs = new LinkedHashSet<>();
    kept.forEach(u -> keptInputs.add(u.input()));
    List<String> keptRaw = raw.stream().filter(keptInputs::contains).toList();
    List<PipelineStage> stages = new ArrayList<>();
    List<String> temporaries = new ArrayList<>();
    if (!keptRaw.isEmpty()) {
      NumericImputation imputation = new NumericImputation(keptRaw);
      stages.add(imputation.cast());
      stages.add(restrict(imputer, imputation));
      temporaries.addAll(imputation.temporaries());
    }
    List<String> parts = new ArrayList<>();
    boolean sliced = false;
    for (String input : assemblerInputs) {
      if (!keptInputs.contains(input)) {
        continue;
      }
      if (input.equals(FeatureLayout.NUMERIC_SCALED)) {
        int[] slots = kept.stream().filter(u -> u.input().equals(input)).mapToInt(FeatureUnit::inputSlot).toArray();
        int size = AttributeGroup.fromStructField(train.schema().apply(input)).size();
        if (slots.length == size) {
          parts.add(input);
          continue;
        }
        stages.add(new VectorSlicer().setInputCol(input).setOutputCol(NUMERIC_SELECTED).setIndices(slots));
        temporaries.add(NUMERIC_SELECTED);
        parts.add(NUMERIC_SELECTED);
        sliced = true;
      } else {
        parts.add(raw.contains(input) ? NumericImputation.imputed(input) : input);
      }
    }
    stages.add(assembler(parts, FeatureLayout.FEATURES));
    if (sliced) {
      // VectorAssembler names a vector's slots "<column>_<slot name>": name the sliced slots as if they came from __numeric_scaled.
      StructType schema = TransformIO.fit(stages, train).transform(train).schema();
      Attribute[] attributes = AttributeGroup.fromStructField(schema.apply(FeatureLayout.FEATURES)).attributes().get();
      String[] names = Arrays.stream(attributes).map(a -> a.name().get().startsWith(NUMERIC_SELECTED + "_")
          ? FeatureLayout.NUMERIC_SCALED + a.name().get().substring(NUMERIC_SELECTED.length()) : a.name().get()).toArray(String[]::new);
      stages.add(new VectorSlotNames().setInputCol(FeatureLayout.FEATURES).setNames(names));
    }
    stages.add(new DropColumns().setColumns(temporaries.toArray(String[]::new)));
    return TransformIO.fit(stages, train);
  }

  private static VectorAssembler assembler(List<String> inputs, String output) {
    return new VectorAssembler().setInputCols(inputs.toArray(String[]::new)).setOutputCol(output).setHandleInvalid("keep");
  }

  private static List<String> imputed(List<String> inputs, List<String> raw) {
    return inputs.stream().map(c -> raw.contains(c) ? NumericImputation.imputed(c) : c).toList();
  }

  private static ImputerModel imputer(PipelineModel candidates) {
    for (Transformer stage : candidates.stages()) {
      if (stage instanceof ImputerModel model) {
        return model;
      }
    }
    return null;
  }

  /** The candidates' imputer, on the kept columns only: the same train medians, no second pass over the data. */
  private static ImputerModel restrict(ImputerModel imputer, NumericImputation kept) {
    return imputer.copy(ParamMap.empty()).setInputCols(kept.castColumns().toArray(String[]::new))
        .setOutputCols(kept.outputColumns().toArray(String[]::new));
  }
}
