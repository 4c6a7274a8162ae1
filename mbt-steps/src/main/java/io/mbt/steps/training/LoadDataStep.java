package io.mbt.steps.training;

import io.mbt.compiler.model.ColumnType;
import io.mbt.compiler.model.FeatureTable;
import io.mbt.compiler.model.TrainingWindows;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.connector.DataConnector;
import io.mbt.steps.connector.DataConnectors;
import io.mbt.steps.connector.ReadOptions;
import io.mbt.steps.connector.ReadOptions.DateFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code load_data}: reads the pipeline's tables through the target's data connector, pruned to
 * the columns the pipeline uses and filtered to its data windows, applies {@code
 * schema.column_types} casts (a value that does not parse becomes null), and writes {@code
 * raw_data} (one table) or {@code raw_<table>} per table. When the connector can read every table
 * again as of a version (Delta tables), these are derived tables pinned to the versions read
 * (recorded as {@code source_versions}): nothing is copied, and a retry reads the same rows.
 * Otherwise they are written as Delta tables, with the rows per table read from the Delta commit.
 *
 * <p>When the run request pins the sources ({@link StepContext#sourcePins}), every table is read as
 * of its pinned version instead, after checking that it is pinned, is still the table that was
 * pinned (its Delta table id, recorded as {@code source_table_ids} and checked again on every
 * later read) and still has that version in full; otherwise the step fails with a {@link
 * io.mbt.steps.api.SourcePinException} saying which.
 */
public final class LoadDataStep implements DerivingStep {
  static final String SOURCE_VERSIONS = "source_versions";

  /** The step's config, as the compiler's planner writes it. */
  record Config(
      List<FeatureTable> tables,
      String labelTable,
      AdapterRef connector,
      List<String> columns,
      Map<String, ColumnType> columnTypes,
      Optional<String> partitionKey,
      Optional<TrainingWindows> dataWindows) {
    Config {
      tables = tables == null ? List.of() : List.copyOf(tables);
      columns = columns == null ? List.of() : List.copyOf(columns);
      columnTypes = columnTypes == null ? Map.of() : Map.copyOf(columnTypes);
      partitionKey = partitionKey == null ? Optional.empty() : partitionKey;
      dataWindows = dataWindows == null ? Optional.empty() : dataWindows;
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config cfg = ctx.config(Config.class);
    List<String> outputs = ctx.step().outputs();
    if (cfg.tables().isEmpty() || outputs.size() != cfg.tables().size()) {
      throw new IllegalStateException("load_data declares outputs " + outputs + " for tables " + cfg.tables().stream().map(FeatureTable::table).toList()
          + "; recompile the pipeline with this mbt version");
    }
    Optional<Windows> windows = windows(cfg, ctx.executionDate());
    windows.ifPresent(w -> ctx.record("windows", w.toString()));
    Optional<DateFilter> filter = windows.map(w -> w.all(cfg.partitionKey().orElseThrow()));

    DataConnector connector = DataConnectors.get(cfg.connector(), ctx.projectDir());
    boolean multi = cfg.tables().size() > 1;
    Optional<PinnedSources.Checked> pinned = ctx.sourcePins()
        .map(p -> PinnedSources.check(ctx.spark(), cfg.tables().stream().map(FeatureTable::table).toList(), connector, p));
    Map<String, Long> pins = pinned.map(PinnedSources.Checked::versions).orElseGet(() -> pins(ctx, cfg, connector));
    Map<String, Dataset<Row>> loaded = read(ctx, cfg, connector, filter, pins);
    checkPartitionKey(cfg, loaded, filter);
    if (multi && !cfg.columns().isEmpty()) {
      checkSharedColumns(cfg.columns(), loaded, table -> connector.read(ctx.spark(), table, ReadOptions.all()).columns());
    }
    Map<String, Dataset<Row>> cast = applyCasts(cfg, loaded);
    cast.forEach(LoadDataStep::checkStorableNames);

    if (!pins.isEmpty()) {
      // Every table is pinned to its version: nothing to copy; rows are counted by split_data, not by an extra scan here.
      ctx.record("connector", connector.name());
      ctx.record(SOURCE_VERSIONS, pins);
      pinned.ifPresent(p -> ctx.record(PinnedSources.SOURCE_TABLE_IDS, p.tableIds()));
      int i = 0;
      for (Dataset<Row> data : cast.values()) {
        ctx.putDerivedTable(outputs.get(i++), data);
      }
      return;
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    int i = 0;
    for (Map.Entry<String, Dataset<Row>> e : cast.entrySet()) {
      OutputRecord written = ctx.putTable(outputs.get(i++), e.getValue());
      long n = WrittenRows.of(ctx.spark(), written);
      rows.put(e.getKey(), n);
      if (n == 0) {
        ctx.log().warn("table_empty", Map.of("table", e.getKey(), "filter", filter.map(DateFilter::toString).orElse("none")));
      }
    }
    ctx.record("connector", connector.name());
    ctx.record("rows", rows.getOrDefault(cfg.labelTable(), rows.values().iterator().next()));
    ctx.record("rows_per_table", rows);
  }

  /** The tables again as {@link #run} read them: each at the version it pinned, filtered, pruned and cast the same way. */
  @Override
  public Dataset<Row> derive(StepContext ctx, String output, Map<String, Object> details) {
    Config cfg = ctx.config(Config.class);
    if (!(details.get(SOURCE_VERSIONS) instanceof Map<?, ?> recorded) || recorded.isEmpty()) {
      throw new IllegalStateException("load_data recorded no " + SOURCE_VERSIONS + "; rerun it (mbt retry --force)");
    }
    Map<String, Long> pins = new LinkedHashMap<>();
    recorded.forEach((table, version) -> pins.put(String.valueOf(table), ((Number) version).longValue()));
    Optional<DateFilter> filter = windows(cfg, ctx.executionDate()).map(w -> w.all(cfg.partitionKey().orElseThrow()));
    DataConnector connector = DataConnectors.get(cfg.connector(), ctx.projectDir());
    if (details.get(PinnedSources.SOURCE_TABLE_IDS) instanceof Map<?, ?> ids) {
      Map<String, String> tableIds = new LinkedHashMap<>();
      ids.forEach((table, id) -> tableIds.put(String.valueOf(table), String.valueOf(id)));
      PinnedSources.requireSameTables(ctx.spark(), connector, tableIds, pins);
    }
    List<Dataset<Row>> cast = List.copyOf(applyCasts(cfg, read(ctx, cfg, connector, filter, pins)).values());
    return cast.get(ctx.step().outputs().indexOf(output));
  }

  private static Optional<Windows> windows(Config cfg, java.time.LocalDate executionDate) {
    if (cfg.dataWindows().isEmpty()) {
      return Optional.empty();
    }
    if (cfg.partitionKey().isEmpty()) {
      throw new StepFailedException("data_windows need a partition key, and load_data has none", "add training.schema.identifiers.partition_key");
    }
    return Optional.of(Windows.resolve(cfg.dataWindows().get(), executionDate));
  }

  /** Each table's current version if the connector can read every table again as of one (Delta); else none. */
  private static Map<String, Long> pins(StepContext ctx, Config cfg, DataConnector connector) {
    Map<String, Long> pins = new LinkedHashMap<>();
    for (FeatureTable table : cfg.tables()) {
      Optional<Long> version = connector.currentVersion(ctx.spark(), table.table());
      if (version.isEmpty()) {
        return Map.of();
      }
      pins.put(table.table(), version.get());
    }
    return pins;
  }

  private static Map<String, Dataset<Row>> read(StepContext ctx, Config cfg, DataConnector connector, Optional<DateFilter> filter,
      Map<String, Long> pins) {
    boolean multi = cfg.tables().size() > 1;
    Map<String, Dataset<Row>> loaded = new LinkedHashMap<>();
    for (FeatureTable table : cfg.tables()) {
      ReadOptions options = options(cfg, table, multi);
      if (filter.isPresent()) {
        options = options.withDateFilter(filter.get());
      }
      if (pins.containsKey(table.table())) {
        options = options.atVersion(pins.get(table.table()));
      }
      loaded.put(table.table(), connector.read(ctx.spark(), table.table(), options));
    }
    return loaded;
  }

  /** Which columns to read of one table: its own list, the pipeline's (shared across tables), or all. */
  private static ReadOptions options(Config cfg, FeatureTable table, boolean multi) {
    if (!table.columns().isEmpty()) {
      Set<String> keep = new LinkedHashSet<>(table.columns());
      keep.addAll(table.joinKey());
      if (table.table().equals(cfg.labelTable())) {
        cfg.partitionKey().ifPresent(keep::add);
      }
      return ReadOptions.columns(List.copyOf(keep));
    }
    if (cfg.columns().isEmpty()) {
      return ReadOptions.all();
    }
    ReadOptions shared = ReadOptions.columns(cfg.columns());
    return multi ? shared.skippingMissingColumns() : shared;
  }

  /** The label table must have the partition key the windows filter on (other tables may be undated). */
  private static void checkPartitionKey(Config cfg, Map<String, Dataset<Row>> loaded, Optional<DateFilter> filter) {
    if (filter.isEmpty()) {
      return;
    }
    String labelTable = loaded.containsKey(cfg.labelTable()) ? cfg.labelTable() : loaded.keySet().iterator().next();
    Dataset<Row> data = loaded.get(labelTable);
    if (!List.of(data.columns()).contains(filter.get().column())) {
      throw new StepFailedException("partition key '" + filter.get().column() + "' is not in table '" + labelTable + "'; its columns: "
          + String.join(", ", data.columns()),
          "fix training.schema.identifiers.partition_key: data_windows filter the label table on it");
    }
  }

  /** Every pipeline column must come from some table; the message lists each table's full columns (read again only then). */
  private static void checkSharedColumns(List<String> columns, Map<String, Dataset<Row>> loaded, Function<String, String[]> allColumns) {
    Set<String> found = new LinkedHashSet<>();
    loaded.values().forEach(d -> found.addAll(List.of(d.columns())));
    for (String c : columns) {
      if (!found.contains(c)) {
        StringBuilder listing = new StringBuilder();
        loaded.keySet().forEach(t -> listing.append("; ").append(t).append(": ").append(String.join(", ", allColumns.apply(t))));
        throw new StepFailedException("column '" + c + "' is in none of the tables " + loaded.keySet() + listing,
            "fix the column name in training.schema, or add the table that has it to feature_tables");
      }
    }
  }

  private static Map<String, Dataset<Row>> applyCasts(Config cfg, Map<String, Dataset<Row>> loaded) {
    Set<String> unmatched = new LinkedHashSet<>(cfg.columnTypes().keySet());
    Map<String, Dataset<Row>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Dataset<Row>> e : loaded.entrySet()) {
      Dataset<Row> data = e.getValue();
      List<Column> projection = new ArrayList<>();
      boolean changed = false;
      for (StructField f : data.schema().fields()) {
        ColumnType target = cfg.columnTypes().get(f.name());
        if (target == null) {
          projection.add(quoted(f.name()));
          continue;
        }
        unmatched.remove(f.name());
        DataType type = sparkType(target);
        if (f.dataType().equals(type) || target == ColumnType.DECIMAL && f.dataType() instanceof DecimalType) {
          projection.add(quoted(f.name()));
        } else {
          projection.add(tryCast(f.name(), f.dataType(), target));
          changed = true;
        }
      }
      out.put(e.getKey(), changed ? data.select(projection.toArray(Column[]::new)) : data);
    }
    // A cast of a column the pipeline pruned away is moot; one of a column nowhere in the data is a typo.
    unmatched.removeIf(c -> !cfg.columns().isEmpty() && !cfg.columns().contains(c));
    if (!unmatched.isEmpty()) {
      String c = unmatched.iterator().next();
      StringBuilder listing = new StringBuilder();
      loaded.forEach((t, d) -> listing.append(listing.length() == 0 ? "" : "; ").append(t).append(": ").append(String.join(", ", d.columns())));
      throw new StepFailedException("schema.column_types casts column '" + c + "', which is not in the data (" + listing + ")",
          "fix the column name in training.schema.column_types");
    }
    return out;
  }

  /** Delta cannot store these characters in column names (without column mapping); say which columns before the write fails. */
  private static void checkStorableNames(String table, Dataset<Row> data) {
    List<String> bad = new ArrayList<>();
    for (String c : data.columns()) {
      if (c.chars().anyMatch(ch -> " ,;{}()\n\t=".indexOf(ch) >= 0)) {
        bad.add("'" + c + "'");
      }
    }
    if (!bad.isEmpty()) {
      throw new StepFailedException("columns " + bad + " of table '" + table + "' contain characters a Delta table cannot store in column names"
          + " (space , ; { } ( ) = tab newline)",
          "rename them in the source, or read it through a view that renames them (e.g. a catalog view with the catalog connector)");
    }
  }

  /** Trim text, then cast; a value that does not parse (Telco's TotalCharges " ") becomes null instead of failing. */
  static Column tryCast(String column, DataType source, ColumnType target) {
    String q = "`" + column.replace("`", "``") + "`";
    String input = source instanceof StringType ? "trim(" + q + ")" : q;
    return functions.expr("try_cast(" + input + " AS " + sparkType(target).sql() + ")").as(column);
  }

  static DataType sparkType(ColumnType type) {
    return switch (type) {
      case STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case FLOAT -> DataTypes.FloatType;
      case BOOLEAN -> DataTypes.BooleanType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampType;
      case DECIMAL -> DataTypes.createDecimalType(38, 10);
    };
  }

  private static Column quoted(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
