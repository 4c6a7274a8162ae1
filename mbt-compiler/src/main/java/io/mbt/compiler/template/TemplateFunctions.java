package io.mbt.compiler.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The functions templates may call. Jinjava binds static methods, so the active context is a
 * thread-local set by {@link TemplateRenderer} for the duration of one render.
 */
public final class TemplateFunctions {
  static final ThreadLocal<Active> ACTIVE = new ThreadLocal<>();

  private TemplateFunctions() {}

  /** {@code env_var('KEY')} or {@code env_var('KEY', 'default')}. */
  public static String envVar(String key, Object... fallback) {
    Active active = current();
    active.envVarsUsed.add(key);
    String value = active.context.environment().apply(key);
    if (value != null) {
      return value;
    }
    if (fallback.length > 0 && fallback[0] != null) {
      return String.valueOf(fallback[0]);
    }
    throw new UndefinedVariableException("environment variable '" + key + "' is not set",
        "export " + key + "=<value>, or give a default: env_var('" + key + "', 'default')");
  }

  /** {@code var('name')} or {@code var('name', 'default')}, from {@code --vars name=value}. */
  public static Object var(String name, Object... fallback) {
    Active active = current();
    active.varsUsed.add(name);
    String value = active.context.vars().get(name);
    if (value != null) {
      return value;
    }
    if (fallback.length > 0 && fallback[0] != null) {
      return fallback[0];
    }
    throw new UndefinedVariableException("variable '" + name + "' is not defined",
        "pass it with --vars " + name + "=<value>, set it under 'vars:' in mbt_project.yaml, or give a default: var('" + name + "', 'default')");
  }

  /** {@code secret('key')}: kept as a reference, resolved only at run time. */
  public static String secret(String key) {
    if (key == null || key.isBlank()) {
      throw new UndefinedVariableException("secret() needs a key", "write secret('snowflake/password')");
    }
    current().secretsUsed.add(key);
    return SecretRef.sentinel(key);
  }

  private static Active current() {
    Active active = ACTIVE.get();
    if (active == null) {
      throw new IllegalStateException("template functions called outside a render");
    }
    return active;
  }

  /** Thrown by a template function; carries the fix. */
  public static final class UndefinedVariableException extends RuntimeException {
    private final String hint;

    UndefinedVariableException(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    public String hint() {
      return hint;
    }
  }

  static final class Active {
    final TemplateContext context;
    final Set<String> varsUsed = new LinkedHashSet<>();
    final Set<String> envVarsUsed = new LinkedHashSet<>();
    final Set<String> secretsUsed = new LinkedHashSet<>();
    final List<String> errors = new ArrayList<>();

    Active(TemplateContext context) {
      this.context = context;
    }
  }
}
