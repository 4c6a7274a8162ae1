package io.mbt.compiler.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code training.schema}: the label, identifiers, columns to ignore, and optional explicit
 * feature lists and casts.
 *
 * @param featureColumns explicit features; empty means every column not otherwise claimed
 * @param categoricalColumns columns to encode even if numeric (e.g. a season code)
 * @param columnTypes casts applied on load; values that do not parse become null
 */
public record SchemaSpec(
    Target target,
    Identifiers identifiers,
    List<String> ignoredColumns,
    List<String> featureColumns,
    List<String> categoricalColumns,
    Map<String, ColumnType> columnTypes) {

  public SchemaSpec {
    ignoredColumns = List.copyOf(ignoredColumns);
    featureColumns = List.copyOf(featureColumns);
    categoricalColumns = List.copyOf(categoricalColumns);
    columnTypes = Map.copyOf(columnTypes);
  }

  /** {@code schema.target}. Classes are kept as written (strings) so "Yes"/"No" and 0/1 both work. */
  public record Target(String labelColumn, List<String> classes, Optional<String> positiveClass) {
    public Target {
      classes = List.copyOf(classes);
    }
  }

  /** {@code schema.identifiers}. */
  public record Identifiers(List<String> primaryKey, Optional<String> partitionKey) {
    public Identifiers {
      primaryKey = List.copyOf(primaryKey);
    }

    public static Identifiers none() {
      return new Identifiers(List.of(), Optional.empty());
    }
  }
}
