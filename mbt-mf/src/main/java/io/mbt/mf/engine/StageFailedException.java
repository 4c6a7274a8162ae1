package io.mbt.mf.engine;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.admission.ReasonCode;

/**
 * A stage failed, classified (MF-E7): the reason code says whether a retry may help. Engines never
 * throw an unclassified failure out of a stage.
 */
public final class StageFailedException extends RuntimeException {
  private final ReasonCode code;

  public StageFailedException(ReasonCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = requireNonNull(code, "code is null");
  }

  public StageFailedException(ReasonCode code, String message) {
    this(code, message, null);
  }

  public ReasonCode code() {
    return code;
  }
}
