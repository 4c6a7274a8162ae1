package io.mbt.compiler.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One data validation check; {@code onFailure} empty means the pipeline-level default. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CheckSpec.NullThreshold.class, name = "null_threshold"),
  @JsonSubTypes.Type(value = CheckSpec.ValueRange.class, name = "value_range"),
  @JsonSubTypes.Type(value = CheckSpec.ExpectedColumns.class, name = "expected_columns"),
  @JsonSubTypes.Type(value = CheckSpec.UniqueKey.class, name = "unique_key"),
  @JsonSubTypes.Type(value = CheckSpec.TypeCheck.class, name = "type_check"),
  @JsonSubTypes.Type(value = CheckSpec.DistributionDrift.class, name = "distribution_drift"),
  @JsonSubTypes.Type(value = CheckSpec.Custom.class, name = "custom"),
  @JsonSubTypes.Type(value = CheckSpec.LabelLeakage.class, name = "label_leakage")
})
public sealed interface CheckSpec {
  CheckType type();

  Optional<OnFailure> onFailure();

  /** Row-level checks can drop failing rows ({@code skip_row}); the rest judge the whole data set. */
  default boolean isRowLevel() {
    return false;
  }

  /** {@code columns: "*"} means every non-ignored column. */
  record NullThreshold(List<String> columns, boolean allColumns, double maxNullPct, Optional<OnFailure> onFailure) implements CheckSpec {
    public CheckType type() {
      return CheckType.NULL_THRESHOLD;
    }

    @Override
    public boolean isRowLevel() {
      return true;
    }
  }

  record ValueRange(String column, Optional<Double> min, Optional<Double> max, Optional<OnFailure> onFailure) implements CheckSpec {
    public CheckType type() {
      return CheckType.VALUE_RANGE;
    }

    @Override
    public boolean isRowLevel() {
      return true;
    }
  }

  record ExpectedColumns(List<String> columns, Optional<OnFailure> onFailure) implements CheckSpec {
    public CheckType type() {
      return CheckType.EXPECTED_COLUMNS;
    }
  }

  record UniqueKey(List<String> columns, Optional<OnFailure> onFailure) implements CheckSpec {
    public CheckType type() {
      return CheckType.UNIQUE_KEY;
    }
  }

  record TypeCheck(Map<String, ColumnType> columnTypes, Optional<OnFailure> onFailure) implements CheckSpec {
    public CheckType type() {
      return CheckType.TYPE_CHECK;
    }
  }

  /** PSI per column against the profile stored by {@code referenceRunId}'s validate step. */
  record DistributionDrift(String referenceRunId, double threshold, List<String> columns, int bins, Optional<OnFailure> onFailure)
      implements CheckSpec {
    public CheckType type() {
      return CheckType.DISTRIBUTION_DRIFT;
    }
  }

  /** A user class on the classpath implementing the custom check interface. */
  record Custom(String className, Map<String, Object> config, Optional<OnFailure> onFailure) implements CheckSpec {
    public CheckType type() {
      return CheckType.CUSTOM;
    }
  }

  /** Flags features whose association with the label is implausibly high. */
  record LabelLeakage(double threshold, List<String> columns, Optional<OnFailure> onFailure) implements CheckSpec {
    public CheckType type() {
      return CheckType.LABEL_LEAKAGE;
    }
  }
}
