package io.mbt.steps.delta;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One racing writer of {@link LogStoreRaceTest}: {@code <logStoreClass> <logDirectory> <writerId>
 * <payloadLines> [hadoopKey=value…]}. Prints {@code READY}; then, for each line {@code GO <version>}
 * on standard input, writes version {@code <version>} through the LogStore (first line: the writer
 * id, then {@code payloadLines} lines of 1 KiB) and prints {@code WON <version>} or {@code LOST
 * <version>} (FileAlreadyExistsException). Ends at end of input.
 */
public final class LogStoreRaceMain {
  private LogStoreRaceMain() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    for (int i = 4; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      conf.set(pair[0], pair[1]);
    }
    io.delta.storage.LogStore store = (io.delta.storage.LogStore)
        Class.forName(args[0]).getConstructor(Configuration.class).newInstance(conf);
    Path directory = new Path(args[1]);
    String writer = args[2];
    int payloadLines = Integer.parseInt(args[3]);
    String filler = "x".repeat(1023);
    System.out.println("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      long version = Long.parseLong(line.substring("GO ".length()));
      List<String> lines = new ArrayList<>(payloadLines + 1);
      lines.add("{\"writer\":\"" + writer + "\"}");
      for (int i = 0; i < payloadLines; i++) {
        lines.add(filler);
      }
      Iterator<String> actions = lines.iterator();
      try {
        store.write(new Path(directory, String.format("%020d.json", version)), actions, false, conf);
        System.out.println("WON " + version);
      } catch (FileAlreadyExistsException e) {
        System.out.println("LOST " + version);
      }
    }
  }
}
