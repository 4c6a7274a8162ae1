package io.mbt.mf.ledger;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the ledger's commits one at a time across the processes sharing a {@code file://} ledger
 * (an OS file lock on {@code <ledger>/_mbt_commit.lock}, plus a JVM lock for the threads of one
 * process). Only an optimisation: without it, two commits of different runs landing on the same
 * table version make Delta rebase the loser and derive its checksum from a snapshot whose checksum
 * the winner has not written yet, a full state reconstruction (seconds, several Spark jobs). With
 * it, each commit starts from the latest version and its checksum. Atomicity never depends on it:
 * a waiter that sees no commit start for {@code maxWait} (a holder stopped with SIGSTOP, a stuck
 * checkpoint) commits unlocked and Delta's optimistic concurrency decides as before; the OS drops
 * the lock of a killed process. Waiting is measured from the last time any process took the lock
 * (its file's modification time), so a long queue that keeps moving is waited for, not abandoned:
 * abandoning it would make every waiter pay for the rebase the lock is there to avoid.
 * Object stores get no lock ({@link #NONE}): their commits stay optimistic.
 */
abstract class CommitLock {
  private static final Logger LOG = LoggerFactory.getLogger(CommitLock.class);
  /** A commit holds the lock ~0.1 s; a checkpoint commit, a few seconds on a busy machine. */
  static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);
  /** However much the queue moves, a waiter commits unlocked after this many {@code maxWait}s. */
  private static final int MOST_WAITS = 12;
  private static final ConcurrentHashMap<File, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  /** No serialisation: every commit is optimistic. */
  static final CommitLock NONE = new CommitLock() {
    @Override
    Held acquire() {
      return () -> false;
    }
  };

  /** Released by {@link #close()}; {@link #held()} is false when the wait timed out. */
  interface Held extends AutoCloseable {
    boolean held();

    @Override
    default void close() {}
  }

  abstract Held acquire();

  /** The lock for the ledger table at {@code tablePath}: a file lock on a local file system, else {@link #NONE}. */
  static CommitLock forTable(String tablePath, Configuration conf, Duration maxWait) {
    try {
      Path path = new Path(tablePath);
      FileSystem fs = path.getFileSystem(conf);
      if (fs instanceof LocalFileSystem local) {
        return new OnLocalFile(local.pathToFile(new Path(path, "_mbt_commit.lock")), maxWait);
      }
      return NONE;
    } catch (IOException e) {
      LOG.debug("no commit lock for {}: {}", tablePath, e.toString());
      return NONE;
    }
  }

  private static final class OnLocalFile extends CommitLock {
    private final File file;
    private final ReentrantLock threads;
    private final long maxWaitNanos;

    OnLocalFile(File file, Duration maxWait) {
      this.file = file.getAbsoluteFile();
      this.threads = IN_PROCESS.computeIfAbsent(this.file, f -> new ReentrantLock());
      this.maxWaitNanos = maxWait.toNanos();
    }

    @Override
    Held acquire() {
      long started = System.currentTimeMillis();
      long maxWaitMillis = TimeUnit.NANOSECONDS.toMillis(maxWaitNanos);
      try {
        if (!threads.tryLock(maxWaitNanos * MOST_WAITS, TimeUnit.NANOSECONDS)) {
          return unlocked("another thread of this process");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return unlocked("interrupted");
      }
      FileChannel channel = null;
      try {
        file.getParentFile().mkdirs();
        channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        while (true) {
          FileLock lock = channel.tryLock();
          if (lock != null) {
            FileChannel open = channel;
            markTaken(open);
            return new Held() {
              @Override
              public boolean held() {
                return true;
              }

              @Override
              public void close() {
                try {
                  open.close(); // releases the file lock
                } catch (IOException e) {
                  LOG.debug("closing {}: {}", file, e.toString());
                } finally {
                  threads.unlock();
                }
              }
            };
          }
          long now = System.currentTimeMillis();
          long lastTaken = Math.max(started, file.lastModified());
          if (now - lastTaken > maxWaitMillis || now - started > maxWaitMillis * MOST_WAITS) {
            break;
          }
          // Short randomised pauses: waiters of several processes poll; a commit takes ~100 ms.
          Thread.sleep(2 + ThreadLocalRandom.current().nextInt(8));
        }
      } catch (IOException | OverlappingFileLockException e) {
        LOG.debug("commit lock {} unavailable: {}", file, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(channel);
      threads.unlock();
      return unlocked("another process");
    }

    /** Touches the lock file: its modification time tells waiters the queue is moving. */
    private static void markTaken(FileChannel channel) throws IOException {
      channel.write(java.nio.ByteBuffer.wrap(Long.toString(System.currentTimeMillis()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
    }

    private Held unlocked(String holder) {
      LOG.debug("committing to the ledger without its commit lock ({} held it past {} ms)", holder,
          TimeUnit.NANOSECONDS.toMillis(maxWaitNanos));
      return () -> false;
    }

    private static void closeQuietly(FileChannel channel) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException ignored) {
          // nothing was locked through it
        }
      }
    }
  }
}
