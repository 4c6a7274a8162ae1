package io.mbt.steps.evaluation;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Evaluation plots as PNG bytes, drawn with XChart off-screen. Every chart takes already
 * aggregated data (at most a few thousand points), never a DataFrame.
 */
final class Charts {
  static {
    // Drivers run without a display; an explicit setting by the user wins.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  static final int WIDTH = 800;
  static final int HEIGHT = 600;
  static final int TOP_FEATURES = 20;
  private static final Color CHANCE = new Color(150, 150, 150);

  private Charts() {}

  static byte[] roc(List<CurvePoint> points, double auc) {
    XYChart chart = unitSquare("ROC curve", "False positive rate", "True positive rate");
    line(chart, "chance", new double[] {0, 1}, new double[] {0, 1}).setLineColor(CHANCE).setLineStyle(SeriesLines.DASH_DASH);
    line(chart, "model (AUC " + format(auc) + ")", xs(points), ys(points));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    return png(chart);
  }

  static byte[] precisionRecall(List<CurvePoint> points, double auc, double prevalence) {
    XYChart chart = unitSquare("Precision-recall curve", "Recall", "Precision");
    line(chart, "chance (" + format(prevalence) + ")", new double[] {0, 1}, new double[] {prevalence, prevalence})
        .setLineColor(CHANCE).setLineStyle(SeriesLines.DASH_DASH);
    if (points.isEmpty()) {
      points = List.of(new CurvePoint(0, 0, 1));
    }
    line(chart, "model (AUC " + format(auc) + ")", xs(points), ys(points));
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
    return png(chart);
  }

  static byte[] calibration(List<CalibrationBin> bins) {
    XYChart chart = unitSquare("Calibration (reliability) curve", "Mean predicted probability", "Observed positive rate");
    line(chart, "perfectly calibrated", new double[] {0, 1}, new double[] {0, 1}).setLineColor(CHANCE).setLineStyle(SeriesLines.DASH_DASH);
    double[] x = new double[Math.max(1, bins.size())];
    double[] y = new double[x.length];
    for (int i = 0; i < bins.size(); i++) {
      x[i] = bins.get(i).meanPredicted();
      y[i] = bins.get(i).observedRate();
    }
    XYSeries model = line(chart, "model", x, y);
    model.setMarker(SeriesMarkers.CIRCLE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    return png(chart);
  }

  static byte[] confusion(ConfusionMatrix matrix, String rule) {
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Confusion matrix (" + rule + ")").xAxisTitle("Predicted").yAxisTitle("Actual").build();
    List<String> classes = matrix.classes();
    List<Number[]> cells = new ArrayList<>();
    long max = 1;
    for (int actual = 0; actual < classes.size(); actual++) {
      for (int predicted = 0; predicted < classes.size(); predicted++) {
        long n = matrix.count(actual, predicted);
        max = Math.max(max, n);
        // Actual classes top to bottom, as confusion matrices are read.
        cells.add(new Number[] {predicted, classes.size() - 1 - actual, n});
      }
    }
    List<String> reversed = new ArrayList<>(classes);
    java.util.Collections.reverse(reversed);
    chart.getStyler().setShowValue(true).setMin(0).setMax(max)
        .setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)})
        .setHeatMapValueDecimalPattern("#,##0").setLegendVisible(false);
    chart.getStyler().setValueFontColor(new Color(220, 60, 20));
    chart.getStyler().setPlotContentSize(0.95);
    chart.addSeries("counts", classes, reversed, cells);
    return png(chart);
  }

  static byte[] featureImportance(Map<String, Double> importance) {
    List<Map.Entry<String, Double>> top = importance.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(TOP_FEATURES).toList();
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Feature importance (top " + top.size() + ")").xAxisTitle("Feature").yAxisTitle("Importance").build();
    chart.getStyler().setXAxisLabelRotation(60);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisMaxLabelCount(TOP_FEATURES);
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Map.Entry<String, Double> e : top) {
      names.add(shorten(e.getKey()));
      values.add(e.getValue());
    }
    chart.addSeries("importance", names, values);
    return png(chart);
  }

  static byte[] predictedVsActual(double[] actual, double[] predicted, long numRows) {
    String sampled = actual.length < numRows ? " (sample of " + actual.length + " of " + numRows + " rows)" : "";
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Predicted vs actual" + sampled).xAxisTitle("Actual").yAxisTitle("Predicted").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(4);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < actual.length; i++) {
      lo = Math.min(lo, Math.min(actual[i], predicted[i]));
      hi = Math.max(hi, Math.max(actual[i], predicted[i]));
    }
    if (actual.length == 0) {
      lo = 0;
      hi = 1;
    }
    XYSeries ideal = chart.addSeries("predicted = actual", new double[] {lo, hi}, new double[] {lo, hi});
    ideal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    ideal.setMarker(SeriesMarkers.NONE);
    ideal.setLineColor(CHANCE);
    ideal.setLineStyle(SeriesLines.DASH_DASH);
    chart.addSeries("test rows", actual.length == 0 ? new double[] {lo} : actual, actual.length == 0 ? new double[] {lo} : predicted)
        .setMarkerColor(new Color(31, 119, 180, 120));
    return png(chart);
  }

  static byte[] residualHistogram(double min, double max, long[] counts) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Residuals (predicted - actual)").xAxisTitle("Residual").yAxisTitle("Rows").build();
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setAvailableSpaceFill(0.95);
    double width = (max - min) / counts.length;
    List<String> centers = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      centers.add(String.format(Locale.ROOT, "%.3g", min + (i + 0.5) * width));
      values.add(counts[i]);
    }
    chart.addSeries("rows", centers, values);
    return png(chart);
  }

  private static XYChart unitSquare(String title, String x, String y) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return chart;
  }

  private static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.NONE);
    return series;
  }

  private static double[] xs(List<CurvePoint> points) {
    return points.stream().mapToDouble(CurvePoint::x).toArray();
  }

  private static double[] ys(List<CurvePoint> points) {
    return points.stream().mapToDouble(CurvePoint::y).toArray();
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
  }

  private static String shorten(String name) {
    return name.length() <= 32 ? name : name.substring(0, 29) + "...";
  }

  static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a chart as PNG: " + e.getMessage(), e);
    }
  }
}
