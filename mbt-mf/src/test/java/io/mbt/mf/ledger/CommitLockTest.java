package io.mbt.mf.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.mbt.steps.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLockTest {
  @TempDir Path root;

  private CommitLock lock(Duration maxWait) {
    return CommitLock.forTable(root.toUri().toString(), new Configuration(), maxWait);
  }

  @Test
  void threadsOfOneProcessCommitOneAtATime() throws Exception {
    CommitLock lock = lock(Duration.ofSeconds(10));
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> held = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        held.add(pool.submit(() -> {
          try (CommitLock.Held h = lock.acquire()) {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.sleep(20);
            inside.decrementAndGet();
            return h.held();
          }
        }));
      }
      for (Future<Boolean> f : held) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(mostInside.get()).isEqualTo(1);
  }

  @Test
  void aWaiterGoesAheadUnlockedWhenAnotherProcessHoldsTheLockTooLongAndLocksOnceItIsReleasedOrKilled() throws Exception {
    try (ChildJvm holder = ChildJvm.start("holder", root.resolve("logs"), "-Xmx64m", Duration.ofMinutes(2),
        HoldCommitLockMain.class, List.of(root.toUri().toString()))) {
      holder.expect("held");
      long start = System.nanoTime();
      try (CommitLock.Held h = lock(Duration.ofMillis(300)).acquire()) {
        assertThat(h.held()).isFalse(); // a stopped holder never blocks a commit for longer than the wait
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

      holder.send("release");
      holder.expect("released");
      try (CommitLock.Held h = lock(Duration.ofSeconds(10)).acquire()) {
        assertThat(h.held()).isTrue();
      }
    }
    try (ChildJvm killed = ChildJvm.start("killed", root.resolve("logs"), "-Xmx64m", Duration.ofMinutes(2),
        HoldCommitLockMain.class, List.of(root.toUri().toString()))) {
      killed.expect("held");
      killed.close(); // kill -9: the OS drops its lock
      try (CommitLock.Held h = lock(Duration.ofSeconds(10)).acquire()) {
        assertThat(h.held()).isTrue();
      }
    }
  }
}
