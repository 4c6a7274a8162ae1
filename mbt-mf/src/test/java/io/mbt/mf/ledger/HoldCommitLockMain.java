package io.mbt.mf.ledger;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/** A process that takes a ledger's commit lock, says "held", and keeps it until told "release" (or killed). */
public final class HoldCommitLockMain {
  private HoldCommitLockMain() {}

  public static void main(String[] args) throws Exception {
    CommitLock lock = CommitLock.forTable(args[0], new Configuration(), Duration.ofSeconds(30));
    try (CommitLock.Held held = lock.acquire()) {
      System.out.println(held.held() ? "held" : "not held");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
      while (!"release".equals(in.readLine())) {
        // wait for the test
      }
    }
    System.out.println("released");
  }
}
