package io.mbt.steps.transform;

import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.Imputer;

/**
 * Stages that fill the missing values of numeric columns with the train set's median: a
 * {@link CastToDouble} casts each column to double into {@code __dbl_<c>} (Imputer takes no booleans
 * and would round a median back into an integer column), then an Imputer writes {@code <c>__imp}.
 * Both are temporaries; the step drops them after use.
 *
 * @param columns the numeric columns, in order
 */
public record NumericImputation(List<String> columns) {
  public static final String CAST_PREFIX = "__dbl_";
  public static final String IMPUTED_SUFFIX = "__imp";

  public NumericImputation {
    columns = List.copyOf(columns);
  }

  /** The imputed column of {@code column}: ML attribute names built from it read as the column ({@code FeatureNames} strips the suffix). */
  public static String imputed(String column) {
    return column + IMPUTED_SUFFIX;
  }

  public List<String> castColumns() {
    return columns.stream().map(c -> CAST_PREFIX + c).toList();
  }

  public List<String> outputColumns() {
    return columns.stream().map(NumericImputation::imputed).toList();
  }

  /** Every column the stages add. */
  public List<String> temporaries() {
    return Stream.concat(castColumns().stream(), outputColumns().stream()).toList();
  }

  /** The cast and the Imputer (median, fitted on whatever the pipeline is fitted on); none for no columns. */
  public List<PipelineStage> stages() {
    if (columns.isEmpty()) {
      return List.of();
    }
    return List.of(cast(), imputer());
  }

  public CastToDouble cast() {
    return new CastToDouble().setColumns(columns, castColumns());
  }

  public Imputer imputer() {
    return new Imputer().setStrategy("median").setInputCols(castColumns().toArray(String[]::new)).setOutputCols(outputColumns().toArray(String[]::new));
  }
}
