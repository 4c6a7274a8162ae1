package io.mbt.steps.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Secrets from environment variables: {@code secret('snowflake/password')} reads
 * {@code SNOWFLAKE_PASSWORD} (with the configured prefix, if any).
 */
public final class EnvSecretsProvider implements SecretsProvider {
  private final UnaryOperator<String> environment;
  private String prefix = "";

  public EnvSecretsProvider() {
    this(System::getenv);
  }

  public EnvSecretsProvider(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public String name() {
    return "env";
  }

  @Override
  public void configure(Map<String, Object> config) {
    Object p = config.get("prefix");
    prefix = p == null ? "" : String.valueOf(p);
  }

  /** The variable a key maps to: upper case, non-alphanumerics as '_'. */
  public String variableFor(String key) {
    return prefix + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  @Override
  public String secret(String key) {
    String variable = variableFor(key);
    String value = environment.apply(variable);
    if (value == null) {
      throw new IllegalStateException("secret '" + key + "' is not set: export " + variable + " in the environment of the Spark driver");
    }
    return value;
  }
}
