package io.mbt.steps.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.training.EvaluateStepFixture;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TrainingSchemaTest {
  private final StructType trainSet = new StructType()
      .add("id", DataTypes.StringType)
      .add("x1", DataTypes.DoubleType)
      .add("note", DataTypes.StringType)
      .add("churn", DataTypes.StringType)
      .add("__label", DataTypes.DoubleType)
      .add("plan__idx", DataTypes.DoubleType);

  @Test
  void leavesInternalColumnsOutAndMarksRoles() {
    StructType schema = TrainingSchema.of(trainSet, EvaluateStepFixture.LABEL, Optional.of(EvaluateStepFixture.SCHEMA));
    assertThat(schema.fieldNames()).containsExactly("id", "x1", "note", "churn");
    assertThat(TrainingSchema.role(schema.apply("id"))).isEqualTo(TrainingSchema.Role.PRIMARY_KEY);
    assertThat(TrainingSchema.role(schema.apply("x1"))).isEqualTo(TrainingSchema.Role.INPUT);
    assertThat(TrainingSchema.role(schema.apply("note"))).isEqualTo(TrainingSchema.Role.IGNORED);
    assertThat(schema.apply("churn").metadata().getString(TrainingSchema.ROLE_KEY)).isEqualTo("label");
  }

  @Test
  void tellsOnlyTheLabelApartWithoutASchemaSpec() {
    StructType schema = TrainingSchema.of(trainSet, EvaluateStepFixture.LABEL, Optional.empty());
    assertThat(TrainingSchema.columns(schema, TrainingSchema.Role.LABEL)).containsExactly("churn");
    assertThat(TrainingSchema.columns(schema, TrainingSchema.Role.INPUT)).containsExactly("id", "x1", "note");
  }

  @Test
  void survivesAJsonRoundTrip() {
    StructType schema = TrainingSchema.of(trainSet, EvaluateStepFixture.LABEL, Optional.of(EvaluateStepFixture.SCHEMA));
    StructType back = (StructType) org.apache.spark.sql.types.DataType.fromJson(schema.json());
    assertThat(TrainingSchema.columns(back, TrainingSchema.Role.PRIMARY_KEY)).containsExactly("id");
    assertThat(back).isEqualTo(schema);
  }
}
