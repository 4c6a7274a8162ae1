package io.mbt.compiler.spi;

import java.util.Objects;

/**
 * A problem an adapter found in its config at compile time.
 *
 * @param key the offending key inside the adapter's config (dotted for nested keys), or empty for
 *     the config as a whole; the compiler turns it into a file position
 */
public record ConfigIssue(String key, String message, String hint) {
  public ConfigIssue {
    Objects.requireNonNull(key, "key is null");
    Objects.requireNonNull(message, "message is null");
    Objects.requireNonNull(hint, "hint is null");
  }
}
