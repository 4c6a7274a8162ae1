package io.mbt.steps.runner;

import io.mbt.compiler.profile.AdapterRef;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds the installed {@link Executor}s with {@link ServiceLoader} and configures them. */
public final class Executors {
  private Executors() {}

  /**
   * The executor named by {@code ref.type()}, configured with {@code ref.config()}.
   *
   * @throws IllegalArgumentException listing the installed executors, if none has that name
   */
  public static Executor get(AdapterRef ref) {
    Map<String, Executor> installed = installed();
    Executor prototype = installed.get(ref.type());
    if (prototype == null) {
      throw new IllegalArgumentException("no executor named '" + ref.type() + "' is on the classpath; installed: "
          + String.join(", ", installed.keySet()));
    }
    return prototype.configure(ref.config());
  }

  private static Map<String, Executor> installed() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Map<String, Executor> out = new TreeMap<>();
    for (Executor e : ServiceLoader.load(Executor.class, loader == null ? Executors.class.getClassLoader() : loader)) {
      out.putIfAbsent(e.name(), e);
    }
    return out;
  }
}
