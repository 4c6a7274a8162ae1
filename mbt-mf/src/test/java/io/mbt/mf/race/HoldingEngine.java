package io.mbt.mf.race;

import io.mbt.mf.engine.EvalOutput;
import io.mbt.mf.engine.StageCall;
import io.mbt.mf.engine.TrainEvalEngine;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.testing.FakeEngine;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link FakeEngine}, except that TRAIN attempt 1 can be held: it says {@code BLOCKED TRAIN
 * <run>} and waits until the run is cancelled (its lease keeper cancels it when the lease is lost)
 * or {@code longest} passes, then says {@code CANCELLED <reason>} if it was and trains as usual —
 * so a fenced holder really tries to record its TRAIN completion. A test kills or stops the
 * process while it waits.
 */
final class HoldingEngine implements TrainEvalEngine {
  private final FakeEngine engine = new FakeEngine();
  private final boolean holdTrain;
  private final Duration longest;
  private final Consumer<String> say;

  HoldingEngine(boolean holdTrain, Duration longest, Consumer<String> say) {
    this.holdTrain = holdTrain;
    this.longest = longest;
    this.say = say;
  }

  @Override
  public TrainOutput train(StageCall call) {
    if (holdTrain && call.attempt() == 1) {
      CountDownLatch cancelled = new CountDownLatch(1);
      call.cancellation().onCancel(cancelled::countDown);
      say.accept("BLOCKED TRAIN " + call.context().trainRunId());
      try {
        if (cancelled.await(longest.toMillis(), TimeUnit.MILLISECONDS)) {
          say.accept("CANCELLED " + call.cancellation().reason());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return engine.train(call);
  }

  @Override
  public EvalOutput evaluate(StageCall call, TrainOutput trained) {
    return engine.evaluate(call, trained);
  }
}
