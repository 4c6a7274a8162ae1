package io.mbt.steps.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.steps.features.LabelInfo;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * What {@code load_model} resolved, as its {@code training_schema} output: which run serves, where
 * it came from, the label mapping and the raw training schema (roles marked) the scoring data must
 * match. Later steps read only this and the copied artifacts, never the registry.
 *
 * @param registry the registry type the run came from
 * @param runId the registry run id the predictions are attributed to
 * @param pipeline the training pipeline
 * @param source {@code snapshot}, {@code registry} or {@code fallback}
 */
public record ServedModel(String registry, String runId, String pipeline, String mbtRunId, String source, LabelInfo label, JsonNode trainingSchema) {

  public StructType schema() {
    return (StructType) DataType.fromJson(trainingSchema.toString());
  }
}
