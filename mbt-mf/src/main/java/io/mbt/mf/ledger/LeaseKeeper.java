package io.mbt.mf.ledger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Renews a lease in the background while its holder works, and watches the run for cancel
 * requests. When the lease is lost (taken over) or a cancel is requested, it calls {@code onStop}
 * once, so the holder can interrupt its engine; the holder also checks {@link #lost()} between
 * stages. A renewal that fails for another reason is tried again at the next beat; the lease then
 * simply expires if the ledger stays unreachable.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final DeltaLedger ledger;
  private final Lease lease;
  private final ScheduledExecutorService timer;
  private final AtomicReference<String> stopped = new AtomicReference<>();
  private final AtomicReference<LeaseLostException> lost = new AtomicReference<>();
  private final Consumer<String> onStop;
  private volatile boolean closed;
  private volatile Thread beater;

  public LeaseKeeper(DeltaLedger ledger, Lease lease, Duration heartbeat, Consumer<String> onStop) {
    this.ledger = ledger;
    this.lease = lease;
    this.onStop = onStop;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mf-lease-" + lease.trainRunId());
      t.setDaemon(true);
      beater = t;
      return t;
    });
    timer.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void beat() {
    if (stopped.get() != null || closed) {
      return;
    }
    try {
      ledger.renew(lease);
      RunState state = RunState.of(lease.trainRunId(), ledger.receipts(lease.trainRunId()), -1);
      state.cancelRequested().ifPresent(c -> stop("cancel requested by " + c.holder()
          + Optional.ofNullable(c.string("reason")).map(r -> ": " + r).orElse("")));
    } catch (LeaseLostException e) {
      lost.set(e);
      stop(e.getMessage());
    } catch (RuntimeException e) {
      // The ledger is briefly unreachable: the next beat tries again; the TTL covers a few misses.
    }
  }

  private void stop(String why) {
    if (stopped.compareAndSet(null, why)) {
      onStop.accept(why);
    }
  }

  /** The takeover that fenced this holder, if one did. */
  public Optional<LeaseLostException> lost() {
    return Optional.ofNullable(lost.get());
  }

  /**
   * Stops renewing. A beat in progress is let finish (interrupting it mid-commit would log a
   * failed commit and leave its data file behind), up to a bound; then it is interrupted.
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdown();
    if (Thread.currentThread() == beater) {
      return; // closed from onStop, inside a beat: that beat ends by itself
    }
    try {
      if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
