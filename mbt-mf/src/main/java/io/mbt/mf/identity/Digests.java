package io.mbt.mf.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests written as {@code sha256:<64 hex>}, the form every MF reference carries. */
public final class Digests {
  public static final String PREFIX = "sha256:";
  private static final Pattern FORM = Pattern.compile("sha256:[0-9a-f]{64}");

  private Digests() {}

  public static String sha256(byte[] bytes) {
    return PREFIX + HexFormat.of().formatHex(digest().digest(bytes));
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of {@code domain} (a fixed tag such as {@code mf_input_v1}) followed by the canonical JSON of {@code value}. */
  public static String tagged(String domain, Object value) {
    return sha256(domain + "\n" + CanonicalJson.write(value));
  }

  /** Whether {@code text} is a digest in the form {@code sha256:<64 lowercase hex>}. */
  public static boolean isDigest(String text) {
    return text != null && FORM.matcher(text).matches();
  }

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The hex part of a digest. */
  public static String hex(String digest) {
    return digest.startsWith(PREFIX) ? digest.substring(PREFIX.length()) : digest;
  }
}
