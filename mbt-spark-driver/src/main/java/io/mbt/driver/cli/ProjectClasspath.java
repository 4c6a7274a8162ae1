package io.mbt.driver.cli;

import io.mbt.compiler.project.ProjectConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the jars in the project's {@code lib/} (its {@code lib_paths}) on the classpath of this
 * run, as the thread's context class loader: adapters, custom transforms, checks, metrics and steps
 * in them are found like built-in ones. On a cluster, ship the same jars with {@code --jars}.
 */
final class ProjectClasspath {
  private ProjectClasspath() {}

  static void install(ProjectConfig project) {
    List<URL> jars = new ArrayList<>();
    for (Path dir : project.libDirs()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
          jars.add(jar.toUri().toURL());
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    if (!jars.isEmpty()) {
      ClassLoader parent = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(new URLClassLoader(jars.toArray(URL[]::new), parent == null ? ProjectClasspath.class.getClassLoader() : parent));
    }
  }
}
