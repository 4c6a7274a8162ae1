package io.mbt.steps.validation;

import io.mbt.compiler.model.CheckSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * {@code distribution_drift}: the population stability index of each column against the profile a
 * reference run stored. Numeric columns are counted in the reference's histogram bins (values
 * beyond its range fall in the end bins), categorical columns over the reference's top categories
 * plus "other"; nulls are one more bin. The counts are aggregates of the shared pass.
 */
final class DriftCheck implements PlannedCheck {
  private final CheckSpec.DistributionDrift spec;
  private final Optional<DataProfile> reference;
  private final String location;
  private final Map<String, String> currentKinds;
  private final List<String> columns;
  private final List<String> problems = new ArrayList<>();

  /**
   * @param currentKinds kind of every column of the data
   * @param location where the reference profile was looked for, for messages
   */
  DriftCheck(CheckSpec.DistributionDrift spec, Optional<DataProfile> reference, String location, Map<String, String> currentKinds,
      List<String> profiled) {
    this.spec = spec;
    this.reference = reference;
    this.location = location;
    this.currentKinds = currentKinds;
    List<String> chosen = new ArrayList<>();
    if (reference.isPresent()) {
      List<String> candidates = spec.columns().isEmpty() ? profiled : spec.columns();
      for (String c : candidates) {
        DataProfile.ColumnProfile ref = reference.get().columns().get(c);
        String kind = currentKinds.get(c);
        if (kind == null) {
          problems.add(c + " is not in the data");
        } else if (ref == null) {
          if (!spec.columns().isEmpty()) {
            problems.add(c + " is not in the reference profile");
          }
        } else if (!ref.kind().equals(kind)) {
          problems.add(c + " was " + ref.kind() + " in the reference run and is " + kind + " now");
        } else if (!kind.equals(DataProfile.OTHER) && (ref.histogram().isPresent() || !ref.topCategories().isEmpty())) {
          chosen.add(c);
        }
      }
    }
    this.columns = chosen;
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }

  private String key(String column, int bin) {
    return "drift:" + spec.referenceRunId() + ":" + column + ":" + bin;
  }

  @Override
  public void plan(AggregatePass pass) {
    for (String c : columns) {
      DataProfile.ColumnProfile ref = reference.orElseThrow().columns().get(c);
      pass.nonNull(c);
      if (ref.kind().equals(DataProfile.NUMERIC)) {
        List<Double> edges = ref.histogram().orElseThrow().edges();
        int bins = edges.size() - 1;
        Column bucket = bucket(Cols.col(c).cast("double"), edges);
        for (int i = 0; i < bins; i++) {
          int bin = i;
          pass.add(key(c, i), () -> functions.count(functions.when(bucket.equalTo(bin), functions.lit(1))));
        }
      } else {
        List<DataProfile.CategoryCount> top = ref.topCategories();
        for (int i = 0; i < top.size(); i++) {
          String value = top.get(i).value();
          pass.add(key(c, i), () -> functions.count(functions.when(Cols.text(c).equalTo(value), functions.lit(1))));
        }
      }
    }
  }

  /** The reference bin of {@code x}: equal-width over the reference range, clamped to the end bins. */
  private static Column bucket(Column x, List<Double> edges) {
    int bins = edges.size() - 1;
    double min = edges.get(0);
    double max = edges.get(bins);
    if (bins == 1 || max <= min) {
      return functions.when(x.isNotNull(), functions.lit(0));
    }
    Column raw = functions.floor(x.minus(min).divide((max - min) / bins)).cast("int");
    return functions.least(functions.greatest(raw, functions.lit(0)), functions.lit(bins - 1));
  }

  @Override
  public Finding evaluate(AggregatePass pass, ProfileStats stats) {
    List<String> reported = spec.columns().isEmpty() ? List.of("*") : spec.columns();
    String against = "against run " + spec.referenceRunId();
    if (reference.isEmpty()) {
      return Finding.fail(reported, "cannot compare " + against + ": it has no data_profile at " + location
          + " (run its validate_data step first, or fix reference_run_id)");
    }
    Map<String, Double> psi = new LinkedHashMap<>();
    for (String c : columns) {
      psi.put(c, psi(c, pass));
    }
    String notes = problems.isEmpty() ? "" : "; not compared: " + String.join("; ", problems);
    List<Map.Entry<String, Double>> over = psi.entrySet().stream().filter(e -> e.getValue() > spec.threshold())
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).toList();
    // Columns named explicitly must be comparable; with the default (every column) a new or retyped column is only noted.
    boolean blocking = !spec.columns().isEmpty() && !problems.isEmpty();
    if (over.isEmpty() && !blocking) {
      Optional<Map.Entry<String, Double>> max = psi.entrySet().stream().max(Map.Entry.comparingByValue());
      return Finding.pass(reported, "PSI <= " + Format.statistic(spec.threshold()) + " for " + psi.size() + " columns " + against
          + max.map(m -> " (highest: " + m.getKey() + " " + Format.statistic(m.getValue()) + ")").orElse("") + notes);
    }
    List<String> parts = new ArrayList<>();
    if (!over.isEmpty()) {
      parts.add("PSI above " + Format.statistic(spec.threshold()) + " " + against + ": "
          + over.stream().map(e -> e.getKey() + " " + Format.statistic(e.getValue())).collect(Collectors.joining(", ")));
    }
    return Finding.fail(reported, String.join("; ", parts) + (parts.isEmpty() ? "cannot compare " + against + notes : notes));
  }

  private double psi(String c, AggregatePass pass) {
    DataProfile ref = reference.orElseThrow();
    DataProfile.ColumnProfile r = ref.columns().get(c);
    long rows = pass.rows();
    long nonNull = pass.longAt(pass.nonNull(c));
    List<Double> expected = new ArrayList<>();
    List<Double> actual = new ArrayList<>();
    if (r.kind().equals(DataProfile.NUMERIC)) {
      List<Long> counts = r.histogram().orElseThrow().counts();
      for (int i = 0; i < counts.size(); i++) {
        expected.add((double) counts.get(i));
        actual.add((double) pass.longAt(pass.slot(key(c, i))));
      }
    } else {
      long refTop = 0;
      long curTop = 0;
      for (int i = 0; i < r.topCategories().size(); i++) {
        long e = r.topCategories().get(i).count();
        long a = pass.longAt(pass.slot(key(c, i)));
        expected.add((double) e);
        actual.add((double) a);
        refTop += e;
        curTop += a;
      }
      expected.add((double) (r.count() - refTop)); // "other"
      actual.add((double) (nonNull - curTop));
    }
    expected.add((double) r.nulls());
    actual.add((double) (rows - nonNull));
    return Statistics.psi(expected.stream().mapToDouble(Double::doubleValue).toArray(), actual.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
