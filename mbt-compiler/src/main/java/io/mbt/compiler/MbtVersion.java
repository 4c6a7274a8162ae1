package io.mbt.compiler;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of MBT, from the build. */
public final class MbtVersion {
  private static final String VERSION = load();

  private MbtVersion() {}

  public static String current() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = MbtVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
