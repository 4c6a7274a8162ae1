package io.mbt.steps.registry;

import io.mbt.compiler.model.SchemaSpec;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.LabelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The training schema a registry stores with a run: the raw columns the pipeline read (MBT's
 * internal columns left out), each marked with its {@link Role} in the field metadata key
 * {@value #ROLE_KEY}. Serving checks scoring data against it.
 */
public final class TrainingSchema {
  /** The field metadata key that holds a column's role. */
  public static final String ROLE_KEY = "mbt_role";
  /**
   * The field metadata key marking a column the training pipeline cast ({@code
   * schema.column_types}, with {@code try_cast}) to its stored type: serving casts it the same way.
   */
  public static final String CAST_KEY = "mbt_cast";

  /** What a column is for. */
  public enum Role {
    /** The target; absent from scoring data. */
    LABEL,
    PRIMARY_KEY,
    PARTITION_KEY,
    /** Listed in {@code schema.ignored_columns}: read, never used by the model. */
    IGNORED,
    /** Everything else: what the transforms and the model read. */
    INPUT;

    public String metadataValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private TrainingSchema() {}

  /**
   * The raw columns of {@code trainSet} with their roles; with no {@code schema}, only the label is
   * told apart.
   */
  public static StructType of(StructType trainSet, LabelInfo label, Optional<SchemaSpec> schema) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : trainSet.fields()) {
      if (FeatureLayout.isInternal(f.name())) {
        continue;
      }
      Role role = roleOf(f.name(), label, schema);
      MetadataBuilder metadata = new MetadataBuilder().withMetadata(f.metadata()).putString(ROLE_KEY, role.metadataValue());
      if (schema.isPresent() && schema.get().columnTypes().containsKey(f.name())) {
        metadata.putBoolean(CAST_KEY, true);
      }
      fields.add(new StructField(f.name(), f.dataType(), f.nullable(), metadata.build()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** The role marked on {@code field}; {@link Role#INPUT} if none is. */
  public static Role role(StructField field) {
    if (!field.metadata().contains(ROLE_KEY)) {
      return Role.INPUT;
    }
    return Role.valueOf(field.metadata().getString(ROLE_KEY).toUpperCase(Locale.ROOT));
  }

  /** Whether training cast the column to its type ({@link #CAST_KEY}). */
  public static boolean castInTraining(StructField field) {
    return field.metadata().contains(CAST_KEY) && field.metadata().getBoolean(CAST_KEY);
  }

  /** The names of the columns with {@code role}, in schema order. */
  public static List<String> columns(StructType schema, Role role) {
    List<String> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (role(f) == role) {
        out.add(f.name());
      }
    }
    return out;
  }

  private static Role roleOf(String column, LabelInfo label, Optional<SchemaSpec> schema) {
    if (column.equals(label.labelColumn())) {
      return Role.LABEL;
    }
    if (schema.isPresent()) {
      SchemaSpec s = schema.get();
      if (s.identifiers().primaryKey().contains(column)) {
        return Role.PRIMARY_KEY;
      }
      if (s.identifiers().partitionKey().filter(column::equals).isPresent()) {
        return Role.PARTITION_KEY;
      }
      if (s.ignoredColumns().contains(column)) {
        return Role.IGNORED;
      }
    }
    return Role.INPUT;
  }
}
