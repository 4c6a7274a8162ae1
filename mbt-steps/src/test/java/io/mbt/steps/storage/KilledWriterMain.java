package io.mbt.steps.storage;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * A writer to be killed: starts writing {@code run-1/train/model.bin} under the root given as its
 * argument, writes half of it, prints {@code WRITING} and then blocks on standard input forever.
 */
public final class KilledWriterMain {
  private KilledWriterMain() {}

  public static void main(String[] args) {
    ArtifactStore store = ArtifactStores.hadoop(args[0], new Configuration(), RetryPolicy.none());
    store.put("run-1", "train", "model.bin", out -> {
      out.write(new byte[1 << 20]);
      out.flush();
      System.out.println("WRITING");
      System.out.flush();
      if (System.in.read() >= 0) {
        throw new IOException("the parent was supposed to kill this writer");
      }
    });
  }
}
