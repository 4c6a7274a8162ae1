package io.mbt.compiler.testing;

import java.util.Map;

/** Kubernetes-style quantities: memory in bytes, CPU in millicores. */
public final class Quantities {
  private static final Map<String, Double> MEMORY = Map.of("Ki", 1024d, "Mi", 1024d * 1024, "Gi", 1024d * 1024 * 1024, "Ti", Math.pow(1024, 4),
      "k", 1e3, "K", 1e3, "M", 1e6, "G", 1e9, "T", 1e12);

  private Quantities() {}

  public static double memoryBytes(String quantity) {
    for (var e : MEMORY.entrySet()) {
      if (quantity.endsWith(e.getKey()) && (e.getKey().length() == 2 || !quantity.endsWith("i"))) {
        return Double.parseDouble(quantity.substring(0, quantity.length() - e.getKey().length())) * e.getValue();
      }
    }
    return Double.parseDouble(quantity);
  }

  public static double cpuMillis(String quantity) {
    return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) : Double.parseDouble(quantity) * 1000;
  }
}
