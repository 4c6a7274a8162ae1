package io.mbt.steps.serving;

import io.mbt.compiler.model.Window;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.DerivingStep;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.StepContext;
import io.mbt.steps.api.StepFailedException;
import io.mbt.steps.connector.DataConnector;
import io.mbt.steps.connector.DataConnectors;
import io.mbt.steps.connector.ReadOptions;
import io.mbt.steps.connector.ReadOptions.DateFilter;
import io.mbt.steps.training.Windows;
import io.mbt.steps.training.WrittenRows;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code load_scoring_data}: reads the scoring table through the target's data connector, filtered
 * to {@code lookback_window} on the partition key relative to {@code execution_date} (no window:
 * every row): {@code scoring_data}, the exact rows a run scores, kept for audit and retries. A
 * table the connector can read again as of a version (Delta) is pinned to its current version and
 * kept as a derived table — no copy, as a hand-written scoring job reads it; any other source is
 * copied into the run as a Delta table.
 */
public final class LoadScoringDataStep implements DerivingStep {
  static final String SOURCE_VERSION = "source_version";

  /** The step's config, as the compiler's planner writes it. */
  record Config(String scoringTable, AdapterRef connector, Optional<String> partitionKey, Optional<Window> lookbackWindow) {
    Config {
      partitionKey = partitionKey == null ? Optional.empty() : partitionKey;
      lookbackWindow = lookbackWindow == null ? Optional.empty() : lookbackWindow;
    }
  }

  @Override
  public void run(StepContext ctx) {
    Config cfg = ctx.config(Config.class);
    ReadOptions options = options(cfg, ctx.executionDate());
    options.dateFilter().ifPresent(f -> ctx.record("window", f.toString()));
    DataConnector connector = DataConnectors.get(cfg.connector(), ctx.projectDir());
    ctx.record("connector", connector.name());
    Optional<Long> version = connector.currentVersion(ctx.spark(), cfg.scoringTable());
    if (version.isPresent()) {
      ctx.record(SOURCE_VERSION, version.get());
      ctx.putDerivedTable("scoring_data", connector.read(ctx.spark(), cfg.scoringTable(), options.atVersion(version.get())));
      return; // rows are counted where they are written (publish_predictions), not by an extra scan here
    }
    OutputRecord written = ctx.putTable("scoring_data", connector.read(ctx.spark(), cfg.scoringTable(), options));
    long rows = WrittenRows.of(ctx.spark(), written);
    if (rows == 0) {
      ctx.log().warn("scoring_data_empty", Map.of("table", cfg.scoringTable(), "window", options.dateFilter().map(DateFilter::toString).orElse("none")));
    }
    ctx.record("rows", rows);
  }

  /** The pinned source again, as of the version {@link #run} recorded. */
  @Override
  public Dataset<Row> derive(StepContext ctx, String output, Map<String, Object> details) {
    Config cfg = ctx.config(Config.class);
    if (!(details.get(SOURCE_VERSION) instanceof Number version)) {
      throw new IllegalStateException("load_scoring_data recorded no " + SOURCE_VERSION + "; rerun it (mbt retry --force)");
    }
    DataConnector connector = DataConnectors.get(cfg.connector(), ctx.projectDir());
    return connector.read(ctx.spark(), cfg.scoringTable(), options(cfg, ctx.executionDate()).atVersion(version.longValue()));
  }

  private static ReadOptions options(Config cfg, LocalDate executionDate) {
    ReadOptions options = ReadOptions.all();
    if (cfg.lookbackWindow().isPresent()) {
      String key = cfg.partitionKey().orElseThrow(() -> new StepFailedException("lookback_window needs a partition key, and load_scoring_data has none",
          "add serving.data_source.partition_key: the date column to filter on"));
      options = options.withDateFilter(lookback(key, cfg.lookbackWindow().get(), executionDate));
    }
    return options;
  }

  /** {@code [start, start + duration)} where start is {@code offset} units from the unit {@code executionDate} falls in. */
  static DateFilter lookback(String column, Window window, LocalDate executionDate) {
    LocalDate start = Windows.plus(Windows.align(executionDate, window.unit()), window.offset(), window.unit());
    LocalDate end = Windows.plus(start, Math.max(1, window.duration()), window.unit());
    return new DateFilter(column, start, end);
  }
}
