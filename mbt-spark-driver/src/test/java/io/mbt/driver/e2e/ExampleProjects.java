package io.mbt.driver.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies an example project (without its generated folders) into a temp dir for a test. */
final class ExampleProjects {
  private ExampleProjects() {}

  static Path examples() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
    }
    return dir.resolve("examples");
  }

  static Path copy(String name, Path into) {
    Path source = examples().resolve(name);
    Path target = into.resolve(name);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path rel = source.relativize(p);
        String first = rel.getNameCount() > 0 ? rel.getName(0).toString() : "";
        if (first.equals("target") || first.equals("local_artifacts") || first.equals("mbt_registry") || first.equals("logs")
            || first.equals("spark-warehouse")) {
          continue;
        }
        Path out = target.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(out);
        } else {
          Files.copy(p, out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
