package io.mbt.mf.ledger;

/**
 * The holder's lease was taken over (its epoch is no longer the run's): its append was refused
 * (fenced). The holder must stop working on the run; the new holder carries on from the ledger.
 */
public final class LeaseLostException extends RuntimeException {
  private final String trainRunId;
  private final long heldEpoch;
  private final long currentEpoch;

  LeaseLostException(String trainRunId, long heldEpoch, long currentEpoch) {
    super("lease on run " + trainRunId + " was taken over (held epoch " + heldEpoch + ", the run is now at epoch " + currentEpoch
        + "): this worker stops; the new holder resumes the run from the ledger");
    this.trainRunId = trainRunId;
    this.heldEpoch = heldEpoch;
    this.currentEpoch = currentEpoch;
  }

  public String trainRunId() {
    return trainRunId;
  }

  public long heldEpoch() {
    return heldEpoch;
  }

  public long currentEpoch() {
    return currentEpoch;
  }
}
