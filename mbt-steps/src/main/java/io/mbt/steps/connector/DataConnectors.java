package io.mbt.steps.connector;

import io.mbt.compiler.profile.AdapterRef;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Finds the installed {@link DataConnector}s with {@link ServiceLoader} and configures them. */
public final class DataConnectors {
  private DataConnectors() {}

  /**
   * The connector named by {@code ref.type()}, configured with {@code ref.config()}.
   *
   * @throws io.mbt.steps.api.StepFailedException listing the installed connectors, if none has that
   *     name, or naming the key, if the config is invalid
   */
  public static DataConnector get(AdapterRef ref, Path projectDir) {
    Map<String, DataConnector> installed = installed();
    DataConnector prototype = installed.get(ref.type());
    if (prototype == null) {
      throw ConnectorErrors.unknownConnector(ref.type(), installed.keySet());
    }
    return prototype.configure(ref.config(), projectDir);
  }

  /** The names of the installed connectors, sorted. */
  public static SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(installed().keySet()));
  }

  private static Map<String, DataConnector> installed() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = DataConnectors.class.getClassLoader();
    }
    Map<String, DataConnector> connectors = new TreeMap<>();
    for (DataConnector connector : ServiceLoader.load(DataConnector.class, loader)) {
      DataConnector previous = connectors.putIfAbsent(connector.name(), connector);
      if (previous != null && previous.getClass() != connector.getClass()) {
        throw new IllegalStateException("two installed data connectors are named '" + connector.name() + "': "
            + previous.getClass().getName() + " and " + connector.getClass().getName() + "; remove one of their jars from the class path");
      }
    }
    return connectors;
  }
}
