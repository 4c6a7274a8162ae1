package io.mbt.steps.output;

import java.util.Objects;

/**
 * What an {@link OutputWriter} wrote: where the rows went (a URI or a table name, for run_results)
 * and how many there were, as the write itself reports them (no second pass over the data).
 */
public record WrittenOutput(String location, long rows) {
  public WrittenOutput {
    Objects.requireNonNull(location, "location is null");
  }
}
