package io.mbt.compiler.template;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code secret('key')} survives compilation: a value that is exactly one secret becomes
 * {@code secret:key}; a secret inside a longer string becomes {@code ${secret:key}}. The runner
 * resolves both through the secrets provider just before a step runs, so secret values never
 * reach the manifest, logs or run results.
 */
public final class SecretRef {
  public static final String PREFIX = "secret:";
  private static final Pattern EMBEDDED = Pattern.compile("\\$\\{secret:([^}]+)}");
  static final String SENTINEL_START = "\u0001mbt-secret:";
  static final String SENTINEL_END = "\u0002";
  private static final Pattern SENTINEL = Pattern.compile(Pattern.quote(SENTINEL_START) + "([^\u0002]*)" + Pattern.quote(SENTINEL_END));

  private SecretRef() {}

  /** The key if {@code value} is a whole-value secret reference. */
  public static Optional<String> wholeKey(String value) {
    return value.startsWith(PREFIX) && value.length() > PREFIX.length() ? Optional.of(value.substring(PREFIX.length())) : Optional.empty();
  }

  public static boolean containsReference(String value) {
    return wholeKey(value).isPresent() || EMBEDDED.matcher(value).find();
  }

  /** Replaces every reference in {@code value} using {@code resolver}. */
  public static String resolve(String value, java.util.function.UnaryOperator<String> resolver) {
    Optional<String> whole = wholeKey(value);
    if (whole.isPresent()) {
      return resolver.apply(whole.get());
    }
    Matcher m = EMBEDDED.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(resolver.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String sentinel(String key) {
    return SENTINEL_START + key + SENTINEL_END;
  }

  /** Turns rendered sentinels into the manifest's reference forms. */
  static String toReferences(String rendered) {
    Matcher whole = SENTINEL.matcher(rendered);
    if (whole.matches()) {
      return PREFIX + whole.group(1);
    }
    return SENTINEL.matcher(rendered).replaceAll(r -> Matcher.quoteReplacement("${secret:" + r.group(1) + "}"));
  }
}
