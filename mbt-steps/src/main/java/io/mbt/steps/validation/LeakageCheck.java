package io.mbt.steps.validation;

import io.mbt.compiler.model.CheckSpec;
import io.mbt.steps.validation.ProfileStats.Association;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code label_leakage}: a feature whose association with the label is implausibly high probably
 * encodes the label (a status set after the outcome, a refund for churned customers). Numeric
 * features: the correlation ratio with the class (for two classes, |point-biserial correlation|
 * with the class index), or |Pearson correlation| with a numeric label; categorical features:
 * bias-corrected Cramér's V with the class, or the correlation ratio of a numeric label across
 * categories. The statistics come from the profiling passes.
 */
final class LeakageCheck implements PlannedCheck {
  private final CheckSpec.LabelLeakage spec;
  private final String labelColumn;
  private final boolean labelPresent;
  private final List<String> columns;
  private final List<String> missing;

  /** @param columns the features to measure (the check's, or every feature) */
  LeakageCheck(CheckSpec.LabelLeakage spec, String labelColumn, boolean labelPresent, List<String> columns, List<String> present) {
    this.spec = spec;
    this.labelColumn = labelColumn;
    this.labelPresent = labelPresent;
    this.columns = columns.stream().filter(present::contains).toList();
    this.missing = columns.stream().filter(c -> !present.contains(c)).toList();
  }

  List<String> columns() {
    return columns;
  }

  @Override
  public CheckSpec spec() {
    return spec;
  }

  @Override
  public Finding evaluate(AggregatePass pass, ProfileStats stats) {
    List<String> reported = spec.columns().isEmpty() ? List.of("*") : spec.columns();
    if (!labelPresent) {
      return Finding.fail(reported, "label column '" + labelColumn + "' is not in the data");
    }
    if (!missing.isEmpty()) {
      return Finding.fail(reported, "columns " + missing + " are not in the data");
    }
    List<Map.Entry<String, Association>> measured = new ArrayList<>();
    for (String c : columns) {
      Optional<Association> a = stats.association(c);
      a.ifPresent(value -> measured.add(Map.entry(c, value)));
    }
    measured.sort(Comparator.comparingDouble((Map.Entry<String, Association> e) -> e.getValue().value()).reversed());
    String limit = Format.statistic(spec.threshold());
    List<Map.Entry<String, Association>> over = measured.stream().filter(e -> e.getValue().value() > spec.threshold()).toList();
    if (over.isEmpty()) {
      return Finding.pass(reported, "no feature's association with label '" + labelColumn + "' exceeds " + limit
          + (measured.isEmpty() ? "" : " (highest: " + describe(measured.get(0)) + ")"));
    }
    List<String> flagged = over.stream().map(Map.Entry::getKey).toList();
    return Finding.fail(spec.columns().isEmpty() ? flagged : reported, "possible label leakage: association with label '" + labelColumn
        + "' above " + limit + " for " + over.stream().map(LeakageCheck::describe).collect(Collectors.joining(", "))
        + "; a feature this predictive is usually known only after the outcome (drop it with schema.ignored_columns)");
  }

  private static String describe(Map.Entry<String, Association> e) {
    return e.getKey() + " (" + e.getValue().statistic() + " " + Format.statistic(e.getValue().value()) + ")";
  }
}
