package io.mbt.mf.engine;

/**
 * MF-E: runs the TRAIN and EVAL stages on pinned inputs and returns by-reference outputs with
 * digests. Stage-shaped (TRAIN and EVAL run separately; EVAL of an attempt never retrains),
 * never chooses inputs, never publishes, never decides eligibility. Every failure leaves as a
 * {@link StageFailedException} with a reason code.
 */
public interface TrainEvalEngine {

  /**
   * Trains attempt {@code call.attempt()}; artifacts go under {@code call.attemptRoot()}.
   *
   * @throws StageFailedException classified (TRANSIENT codes may be retried)
   */
  TrainOutput train(StageCall call);

  /**
   * Evaluates what {@code trained} produced, on the pinned evaluation data.
   *
   * @throws StageFailedException classified
   */
  EvalOutput evaluate(StageCall call, TrainOutput trained);
}
