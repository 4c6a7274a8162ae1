package io.mbt.steps.framework.automl;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.framework.FrameworkTrainers;
import io.mbt.steps.framework.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code framework: automl} trains: the leader of its search, refitted on all the training
 * data, with the {@link Leaderboard}. It predicts, saves and explains itself as the leader does.
 *
 * <p>Saved layout: the leader's Spark ML pipeline at the root (so {@code PipelineModel.load} reads
 * it too), {@code automl.json} naming the leader's framework, {@code leaderboard.json}, and, if the
 * search kept them, the leader's out-of-fold predictions as Parquet in {@code cv_predictions/}.
 */
public final class AutoMLModel implements TrainedModel {
  static final String DESCRIPTOR = "automl.json";
  static final String LEADERBOARD = "leaderboard.json";
  static final String CV_PREDICTIONS = "cv_predictions";

  private final TrainedModel leader;
  private final Leaderboard leaderboard;
  private final Optional<Dataset<Row>> crossValidationPredictions;

  AutoMLModel(
      TrainedModel leader, Leaderboard leaderboard,
      Optional<Dataset<Row>> crossValidationPredictions) {
    this.leader = requireNonNull(leader, "leader is null");
    this.leaderboard = requireNonNull(leaderboard, "leaderboard is null");
    this.crossValidationPredictions =
        requireNonNull(crossValidationPredictions, "crossValidationPredictions is null");
  }

  /** What {@code automl.json} holds. */
  record Descriptor(String framework, int formatVersion, String leaderModelId,
      String leaderFamily, String leaderFramework, boolean crossValidationPredictions) {}

  @Override
  public String framework() {
    return AutoMLTrainer.NAME;
  }

  @Override
  public PipelineModel pipelineModel() {
    return leader.pipelineModel();
  }

  /** The leader's importances. */
  @Override
  public Map<String, Double> featureImportance(List<String> featureNames) {
    return leader.featureImportance(featureNames);
  }

  /** The best model of the search, as its own framework trained it. */
  public TrainedModel leader() {
    return leader;
  }

  /** Every model the search cross-validated, best first. */
  public Leaderboard leaderboard() {
    return leaderboard;
  }

  /**
   * The leader's out-of-fold predictions ({@code keep_cross_validation_predictions: true}): the
   * label, the fold, {@code prediction} and, for classifiers, {@code probability}, each row
   * predicted by the fold model that did not see it. Empty unless kept.
   */
  public Optional<Dataset<Row>> crossValidationPredictions() {
    return crossValidationPredictions;
  }

  @Override
  public void save(String path) {
    leader.save(path);
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(spark().sparkContext().hadoopConfiguration());
      ObjectMapper json = ManifestJson.mapper();
      write(fs, new Path(root, LEADERBOARD), json.writeValueAsBytes(leaderboard));
      if (crossValidationPredictions.isPresent()) {
        crossValidationPredictions.get().write().mode(SaveMode.Overwrite)
            .parquet(new Path(root, CV_PREDICTIONS).toString());
      }
      // Written last: a directory without it is not a complete AutoML model.
      Descriptor descriptor = new Descriptor(framework(), 1, leaderboard.leader().modelId(),
          leaderboard.leader().family(), leader.framework(), crossValidationPredictions.isPresent());
      write(fs, new Path(root, DESCRIPTOR), json.writeValueAsBytes(descriptor));
    } catch (IOException e) {
      throw AutoMLErrors.unwritable(path, e);
    }
  }

  /** Reads what {@link #save} wrote, the leader through its own framework. */
  static AutoMLModel load(String path) {
    SparkSession spark = spark();
    Path root = new Path(path);
    ObjectMapper json = ManifestJson.mapper();
    Descriptor descriptor;
    Leaderboard leaderboard;
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(new Path(root, DESCRIPTOR))) {
        throw AutoMLErrors.notAnAutoMLModel(path);
      }
      descriptor = read(fs, new Path(root, DESCRIPTOR), json, Descriptor.class);
      leaderboard = read(fs, new Path(root, LEADERBOARD), json, Leaderboard.class);
    } catch (IOException e) {
      throw AutoMLErrors.unreadable(path, DESCRIPTOR + " or " + LEADERBOARD, e);
    }
    TrainedModel leader = FrameworkTrainers.get(descriptor.leaderFramework()).load(path);
    Optional<Dataset<Row>> predictions = descriptor.crossValidationPredictions()
        ? Optional.of(spark.read().parquet(new Path(root, CV_PREDICTIONS).toString()))
        : Optional.empty();
    return new AutoMLModel(leader, leaderboard, predictions);
  }

  private static void write(FileSystem fs, Path file, byte[] content) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(content);
    }
  }

  private static <T> T read(FileSystem fs, Path file, ObjectMapper json, Class<T> type)
      throws IOException {
    try (InputStream in = fs.open(file)) {
      return json.readValue(in, type);
    }
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  @Override
  public String toString() {
    return "TrainedModel[automl, leader " + leaderboard.leader().modelId() + " = " + leader + "]";
  }
}
