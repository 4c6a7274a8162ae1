package io.mbt.steps.transform;

import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** A test {@link UserTransform} whose stage cannot be saved (not MLWritable). */
public final class UnsavableTransform implements UserTransform {
  @Override
  public PipelineStage stage(Map<String, Object> config, TransformContext context) {
    return new Identity();
  }

  /** Passes data through; deliberately not MLWritable. */
  public static final class Identity extends Transformer {
    private static final long serialVersionUID = 1L;

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
      return dataset.toDF();
    }

    @Override
    public StructType transformSchema(StructType schema) {
      return schema;
    }

    @Override
    public Transformer copy(ParamMap extra) {
      return this;
    }

    @Override
    public String uid() {
      return "identity";
    }
  }
}
