package io.mbt.steps.secrets;

import io.mbt.compiler.template.SecretRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Replaces {@code secret:key} and {@code ${secret:key}} references in a step's config with values
 * from the provider, just before the step runs. The resolved config lives only in memory.
 */
public final class SecretResolver {
  private final SecretsProvider provider;

  public SecretResolver(SecretsProvider provider) {
    this.provider = provider;
  }

  /** The provider named {@code type}, configured. */
  public static SecretResolver forProvider(String type, Map<String, Object> config) {
    for (SecretsProvider p : ServiceLoader.load(SecretsProvider.class)) {
      if (p.name().equals(type)) {
        p.configure(config);
        return new SecretResolver(p);
      }
    }
    throw new IllegalStateException("no secrets provider '" + type + "' on the classpath; put its jar on the classpath or use 'env'");
  }

  public SecretsProvider provider() {
    return provider;
  }

  @SuppressWarnings("unchecked")
  public Object resolve(Object value) {
    if (value instanceof String s) {
      return SecretRef.containsReference(s) ? SecretRef.resolve(s, provider::secret) : s;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, resolve(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(resolve(v)));
      return out;
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> resolveMap(Map<String, Object> config) {
    return (Map<String, Object>) resolve(config);
  }
}
