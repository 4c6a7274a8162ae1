package io.mbt.mf.engine;

import static java.util.Objects.requireNonNull;

import io.mbt.mf.admission.MfContext;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One stage invocation (MF-E1): the pinned context, the stage and its attempt, the attempt's
 * deterministic seed, the admitted input fingerprint, where the attempt writes, and a cancel
 * signal the engine honours between units of work.
 */
public record StageCall(MfContext context, String stage, int attempt, long seed, String inputFingerprint, String attemptRoot,
    Cancellation cancellation) {
  public StageCall {
    requireNonNull(context, "context is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(inputFingerprint, "inputFingerprint is null");
    requireNonNull(attemptRoot, "attemptRoot is null");
    requireNonNull(cancellation, "cancellation is null");
  }

  /** Best-effort cancel: set by whoever cancels, polled (or listened to) by the engine. */
  public static final class Cancellation {
    private final AtomicReference<String> reason = new AtomicReference<>();
    private final AtomicReference<Runnable> onCancel = new AtomicReference<>(() -> {});

    public void cancel(String why) {
      if (reason.compareAndSet(null, why)) {
        onCancel.get().run();
      }
    }

    public boolean cancelled() {
      return reason.get() != null;
    }

    public String reason() {
      return reason.get();
    }

    /** Runs {@code action} when cancelled (at once if already cancelled). */
    public void onCancel(Runnable action) {
      onCancel.set(action);
      if (cancelled()) {
        action.run();
      }
    }
  }
}
