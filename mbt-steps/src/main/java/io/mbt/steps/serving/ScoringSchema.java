package io.mbt.steps.serving;

import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.registry.TrainingSchema;
import io.mbt.steps.registry.TrainingSchema.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scoring data against the training schema, checked before any work: every input column the model
 * was trained on must be there with a compatible type. Compatible means the same type, a lossless
 * numeric widening (integers to a wider integer or floating type, float to double, decimal to
 * double), or a column the training pipeline itself cast with {@code schema.column_types}, which is
 * cast here the same way ({@code try_cast}, text trimmed). Anything else is a changed type.
 */
final class ScoringSchema {
  private ScoringSchema() {}

  /**
   * {@code data} with the training types applied where they differ compatibly.
   *
   * @throws StepFailedException naming every missing column and every changed type
   */
  static Dataset<Row> conform(Dataset<Row> data, StructType training, String table) {
    Map<String, DataType> found = new LinkedHashMap<>();
    for (StructField f : data.schema().fields()) {
      found.put(f.name(), f.dataType());
    }
    List<String> missing = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    Map<String, Column> casts = new LinkedHashMap<>();
    for (StructField expected : training.fields()) {
      Role role = TrainingSchema.role(expected);
      if (role == Role.LABEL) {
        continue;
      }
      DataType actual = found.get(expected.name());
      if (actual == null) {
        if (role == Role.INPUT) {
          missing.add(expected.name() + " (" + expected.dataType().simpleString() + ")");
        }
        continue;
      }
      if (actual.equals(expected.dataType())) {
        continue;
      }
      if (TrainingSchema.castInTraining(expected)) {
        String q = "`" + expected.name().replace("`", "``") + "`";
        String input = actual instanceof StringType ? "trim(" + q + ")" : q;
        casts.put(expected.name(), functions.expr("try_cast(" + input + " AS " + expected.dataType().sql() + ")"));
      } else if (widens(actual, expected.dataType())) {
        casts.put(expected.name(), functions.col("`" + expected.name().replace("`", "``") + "`").cast(expected.dataType()));
      } else if (role == Role.INPUT) {
        changed.add(expected.name() + ": trained on " + expected.dataType().simpleString() + ", found " + actual.simpleString());
      }
    }
    if (!missing.isEmpty() || !changed.isEmpty()) {
      StringBuilder message = new StringBuilder("the scoring table '" + table + "' does not match the training schema of the model");
      if (!missing.isEmpty()) {
        message.append("; missing columns: ").append(String.join(", ", missing));
      }
      if (!changed.isEmpty()) {
        message.append("; changed types: ").append(String.join("; ", changed));
      }
      message.append(". Its columns: ").append(String.join(", ", found.keySet()));
      throw new StepFailedException(message.toString(),
          "score data with the columns and types the model was trained on (fix the scoring table or its connector's read options),"
              + " or train a new model on the new schema and serve that run");
    }
    if (casts.isEmpty()) {
      return data;
    }
    List<Column> projection = new ArrayList<>();
    for (String name : data.columns()) {
      Column cast = casts.get(name);
      projection.add(cast == null ? functions.col("`" + name.replace("`", "``") + "`") : cast.as(name));
    }
    return data.select(projection.toArray(Column[]::new));
  }

  /** Lossless numeric widenings. */
  static boolean widens(DataType from, DataType to) {
    int fromRank = integralRank(from);
    if (fromRank > 0) {
      int toRank = integralRank(to);
      return toRank > fromRank || to instanceof DoubleType || to instanceof FloatType && fromRank <= 2 || to instanceof DecimalType;
    }
    return from instanceof FloatType && to instanceof DoubleType || from instanceof DecimalType && to instanceof DoubleType;
  }

  private static int integralRank(DataType type) {
    if (type instanceof ByteType) {
      return 1;
    }
    if (type instanceof ShortType) {
      return 2;
    }
    if (type instanceof IntegerType) {
      return 3;
    }
    if (type instanceof LongType) {
      return 4;
    }
    return 0;
  }
}
