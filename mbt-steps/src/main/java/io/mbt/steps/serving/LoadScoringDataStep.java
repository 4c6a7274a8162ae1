package io.mbt.steps.serving;

import io.mbt.compiler.model.Window;
import io.mbt.compiler.profile.AdapterRef;
import io.mbt.steps.api.OutputRecord;
import io.mbt.steps.api.Step;
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
 * every row), and stores it as {@code scoring_data} — the exact rows a run scored, kept with the
 * run for audit and for retries.
 */
public final class LoadScoringDataStep implements Step {

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
    ReadOptions options = ReadOptions.all();
    if (cfg.lookbackWindow().isPresent()) {
      String key = cfg.partitionKey().orElseThrow(() -> new StepFailedException("lookback_window needs a partition key, and load_scoring_data has none",
          "add serving.data_source.partition_key: the date column to filter on"));
      DateFilter filter = lookback(key, cfg.lookbackWindow().get(), ctx.executionDate());
      options = options.withDateFilter(filter);
      ctx.record("window", filter.toString());
    }
    DataConnector connector = DataConnectors.get(cfg.connector(), ctx.projectDir());
    Dataset<Row> data = connector.read(ctx.spark(), cfg.scoringTable(), options);
    OutputRecord written = ctx.putTable("scoring_data", data);
    long rows = WrittenRows.of(ctx.spark(), written);
    if (rows == 0) {
      ctx.log().warn("scoring_data_empty", Map.of("table", cfg.scoringTable(), "window", options.dateFilter().map(DateFilter::toString).orElse("none")));
    }
    ctx.record("connector", connector.name());
    ctx.record("rows", rows);
  }

  /** {@code [start, start + duration)} where start is {@code offset} units from the unit {@code executionDate} falls in. */
  static DateFilter lookback(String column, Window window, LocalDate executionDate) {
    LocalDate start = Windows.plus(Windows.align(executionDate, window.unit()), window.offset(), window.unit());
    LocalDate end = Windows.plus(start, Math.max(1, window.duration()), window.unit());
    return new DateFilter(column, start, end);
  }
}
