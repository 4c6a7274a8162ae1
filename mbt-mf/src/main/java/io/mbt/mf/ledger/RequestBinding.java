package io.mbt.mf.ledger;

import static java.util.Objects.requireNonNull;

/**
 * Which run a request id is bound to. A request id is bound once, to the first run key it arrived
 * with; {@link #conflicts(String)} tells whether another run key is now being asked for under it.
 */
public record RequestBinding(String requestId, String trainRunId, boolean newlyBound) {
  public RequestBinding {
    requireNonNull(requestId, "requestId is null");
    requireNonNull(trainRunId, "trainRunId is null");
  }

  public boolean conflicts(String askedTrainRunId) {
    return !trainRunId.equals(askedTrainRunId);
  }
}
