package io.mbt.steps.delta;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;

/** The bytes of a Delta log file: each action on its own line, UTF-8, as Delta's own stores write them. */
final class LogLines {
  private LogLines() {}

  static byte[] bytes(Iterator<String> actions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (actions.hasNext()) {
      out.writeBytes((actions.next() + "\n").getBytes(UTF_8));
    }
    return out.toByteArray();
  }
}
