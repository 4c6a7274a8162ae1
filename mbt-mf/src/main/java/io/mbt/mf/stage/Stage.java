package io.mbt.mf.stage;

import io.mbt.mf.request.Intent;
import java.util.List;

/** The stages of a run, in the only order they run (MF-D1). */
public enum Stage {
  TRAIN,
  EVAL,
  GATE,
  PACKAGE,
  PUBLISH;

  /** The stage plan of an intent: deterministic given the intent. */
  public static List<Stage> planFor(Intent intent) {
    return switch (intent) {
      case BASELINE_TRAIN, BACKFILL_RETRAIN -> List.of(TRAIN, EVAL, GATE, PACKAGE, PUBLISH);
      case CANDIDATE_EVAL, REGRESSION_CHECK -> List.of(TRAIN, EVAL, GATE);
      case RE_GATE -> List.of(GATE, PACKAGE, PUBLISH);
    };
  }
}
