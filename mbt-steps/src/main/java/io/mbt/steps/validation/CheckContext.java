package io.mbt.steps.validation;

import static java.util.Objects.requireNonNull;

import io.mbt.compiler.model.ProblemType;
import io.mbt.compiler.model.SchemaSpec;
import java.time.LocalDate;

/** What a {@link CustomCheck} knows of the run: the pipeline, run, execution date and the training schema. */
public record CheckContext(String pipelineName, String runId, LocalDate executionDate, SchemaSpec schema, ProblemType problemType) {
  public CheckContext {
    requireNonNull(pipelineName, "pipelineName is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(executionDate, "executionDate is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(problemType, "problemType is null");
  }

  /** {@code schema.target.label_column}. */
  public String labelColumn() {
    return schema.target().labelColumn();
  }
}
