package io.mbt.steps.model;

import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.features.FeatureLayout;
import io.mbt.steps.features.LabelInfo;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A trained model as train_model stores it and serving loads it: the framework's model, the
 * assembler that builds {@link FeatureLayout#FEATURES} (when no earlier step did), the label
 * mapping and the feature names. Layout: {@code bundle.json}, {@code assembler/}, {@code model/}.
 */
public final class ModelBundle {
  /** What {@code bundle.json} holds. */
  public record Descriptor(String framework, List<String> assemblerInputs, List<String> featureNames, LabelInfo label, boolean hasAssembler) {
    public Descriptor {
      assemblerInputs = List.copyOf(assemblerInputs);
      featureNames = List.copyOf(featureNames);
    }
  }

  private final Descriptor descriptor;
  private final Optional<PipelineModel> assembler;
  private final TrainedModel model;

  public ModelBundle(Descriptor descriptor, Optional<PipelineModel> assembler, TrainedModel model) {
    this.descriptor = descriptor;
    this.assembler = assembler;
    this.model = model;
  }

  public Descriptor descriptor() {
    return descriptor;
  }

  public TrainedModel model() {
    return model;
  }

  public Optional<PipelineModel> assembler() {
    return assembler;
  }

  /** Adds {@code prediction} (and {@code probability} for classifiers) to data that went through the fitted transforms. */
  public Dataset<Row> transform(Dataset<Row> data) {
    Dataset<Row> features = assembler.map(a -> a.transform(data)).orElse(data);
    return model.transform(features);
  }

  public void save(String uri, Configuration hadoop) {
    try {
      Path root = new Path(uri);
      FileSystem fs = root.getFileSystem(hadoop);
      fs.mkdirs(root);
      try (OutputStream out = fs.create(new Path(root, "bundle.json"), true)) {
        out.write(ManifestJson.mapper().writeValueAsBytes(descriptor));
      }
      if (assembler.isPresent()) {
        assembler.get().write().overwrite().save(new Path(root, "assembler").toString());
      }
      model.save(new Path(root, "model").toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the model bundle to " + uri + ": " + e.getMessage(), e);
    }
  }

  public static ModelBundle load(SparkSession spark, String uri) {
    try {
      Path root = new Path(uri);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      Descriptor descriptor;
      try (InputStream in = fs.open(new Path(root, "bundle.json"))) {
        descriptor = ManifestJson.mapper().readValue(in, Descriptor.class);
      }
      Optional<PipelineModel> assembler = descriptor.hasAssembler()
          ? Optional.of(PipelineModel.load(new Path(root, "assembler").toString()))
          : Optional.empty();
      TrainedModel model = FrameworkTrainers.get(descriptor.framework()).load(new Path(root, "model").toString());
      return new ModelBundle(descriptor, assembler, model);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the model bundle at " + uri + ": " + e.getMessage(), e);
    }
  }
}
