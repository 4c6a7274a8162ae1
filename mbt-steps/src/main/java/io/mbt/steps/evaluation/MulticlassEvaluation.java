package io.mbt.steps.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.negate;
import static org.apache.spark.sql.functions.sum;

import io.mbt.steps.features.LabelInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Multiclass metrics from one grouped aggregate by (actual, predicted) class: the confusion matrix
 * and the log loss, from which every metric follows with Spark's MulticlassMetrics definitions.
 */
final class MulticlassEvaluation implements ProblemEvaluation {
  private final ConfusionMatrix confusion;
  private final double logLoss;
  private final Map<String, Double> featureImportance;

  private MulticlassEvaluation(Dataset<Row> scored, LabelInfo label, Map<String, Double> featureImportance) {
    this.featureImportance = featureImportance;
    Column y = col(LabelInfo.INDEX_COLUMN);
    Column probabilityOfActual = element_at(col(PredictionColumns.PROBABILITY), y.cast("int").plus(1));
    Column loss = negate(log(greatest(probabilityOfActual, lit(EPS))));
    List<Row> groups = scored.groupBy(y.cast("int").as("actual"), col(PredictionColumns.PREDICTION).cast("int").as("predicted"))
        .agg(count(lit(1)), sum(loss))
        .collectAsList();
    int k = label.numClasses();
    long[][] counts = new long[k][k];
    double lossSum = 0;
    long n = 0;
    for (Row r : groups) {
      int actual = r.getInt(0);
      int predicted = r.getInt(1);
      if (actual < 0 || actual >= k || predicted < 0 || predicted >= k) {
        throw new IllegalStateException("class index out of range 0.." + (k - 1) + ": actual " + actual + ", predicted " + predicted);
      }
      counts[actual][predicted] += r.getLong(2);
      lossSum += r.getDouble(3);
      n += r.getLong(2);
    }
    this.confusion = new ConfusionMatrix(label.classes(), counts);
    this.logLoss = n == 0 ? Double.NaN : lossSum / n;
  }

  static MulticlassEvaluation of(Dataset<Row> scored, LabelInfo label, Map<String, Double> featureImportance) {
    return new MulticlassEvaluation(scored, label, featureImportance);
  }

  @Override
  public long numRows() {
    return confusion.total();
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", confusion.accuracy());
    m.put("f1", confusion.weightedF1());
    m.put("weighted_precision", confusion.weightedPrecision());
    m.put("weighted_recall", confusion.weightedRecall());
    m.put("log_loss", logLoss);
    return m;
  }

  ConfusionMatrix confusion() {
    return confusion;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("confusion_matrix", confusion.toJson());
    Map<String, Object> perClass = new LinkedHashMap<>();
    List<String> classes = confusion.classes();
    for (int i = 0; i < classes.size(); i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("precision", confusion.precision(i));
      m.put("recall", confusion.recall(i));
      m.put("f1", confusion.f1(i));
      perClass.put(classes.get(i), m);
    }
    d.put("per_class", perClass);
    return d;
  }

  @Override
  public Map<String, Supplier<byte[]>> plots() {
    Map<String, Supplier<byte[]>> plots = new LinkedHashMap<>();
    plots.put("confusion_matrix.png", () -> Charts.confusion(confusion, "argmax"));
    if (!featureImportance.isEmpty()) {
      plots.put("feature_importance.png", () -> Charts.featureImportance(featureImportance));
    }
    return plots;
  }
}
