package io.mbt.mf.request;

import io.mbt.compiler.model.YamlEnum;

/** What a training request is for; it decides the run's stages (MF-D1) and is part of its identity. */
public enum Intent implements YamlEnum {
  /** Train, evaluate, gate, package and publish a candidate. */
  BASELINE_TRAIN,
  /** The same stages over rebuilt (backfilled) datasets; recorded as superseding the run it replaces. */
  BACKFILL_RETRAIN,
  /** Train and evaluate and gate, publish nothing: "is this candidate good enough?". */
  CANDIDATE_EVAL,
  /** Train and evaluate and gate, publish nothing: "did this recipe regress?". */
  REGRESSION_CHECK,
  /** Gate an earlier run's evidence under another policy revision, then package and publish on PASS; never trains. */
  RE_GATE;

  public boolean publishes() {
    return this == BASELINE_TRAIN || this == BACKFILL_RETRAIN || this == RE_GATE;
  }

  public boolean trains() {
    return this != RE_GATE;
  }
}
