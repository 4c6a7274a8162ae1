package io.mbt.compiler.model;

import java.util.List;

/**
 * One entry of {@code feature_tables}. The first is the base; every later one names its join key
 * (single or composite) and join type.
 */
public record FeatureTable(String table, List<String> joinKey, JoinType joinType, boolean fanOutCheck, List<String> columns) {
  public FeatureTable {
    joinKey = List.copyOf(joinKey);
    columns = List.copyOf(columns);
  }
}
