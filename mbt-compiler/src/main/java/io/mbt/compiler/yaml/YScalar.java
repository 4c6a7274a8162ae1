package io.mbt.compiler.yaml;

import io.mbt.compiler.error.Location;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A YAML scalar. {@code text} is the source text as written (after unquoting), so a string field
 * reads {@code Yes} as "Yes" rather than YAML 1.1's boolean; {@code kind} is what YAML's implicit
 * typing made of it, used where any type is allowed (framework config).
 */
public record YScalar(Location location, String text, Kind kind) implements YNode {
  public enum Kind {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL
  }

  public YScalar {
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(text, "text is null");
    Objects.requireNonNull(kind, "kind is null");
  }

  public static YScalar string(Location location, String text) {
    return new YScalar(location, text, Kind.STRING);
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  @Override
  public String describe() {
    return switch (kind) {
      case STRING -> "a string '" + abbreviate(text) + "'";
      case INT -> "an integer " + text;
      case FLOAT -> "a number " + text;
      case BOOL -> "a boolean " + text;
      case NULL -> "null";
    };
  }

  @Override
  public Object toPlain() {
    return switch (kind) {
      case STRING -> text;
      case NULL -> null;
      case BOOL -> parseBool(text);
      case INT -> parseInt(text);
      case FLOAT -> parseFloat(text);
    };
  }

  static Boolean parseBool(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "y" -> Boolean.TRUE;
      default -> Boolean.FALSE;
    };
  }

  static Object parseInt(String text) {
    String clean = text.replace("_", "");
    try {
      BigInteger value;
      if (clean.startsWith("0x") || clean.startsWith("-0x")) {
        value = new BigInteger(clean.replace("0x", ""), 16);
      } else if (clean.startsWith("0o")) {
        value = new BigInteger(clean.substring(2), 8);
      } else {
        value = new BigInteger(clean.startsWith("+") ? clean.substring(1) : clean);
      }
      return value.bitLength() < 63 ? (Object) value.longValue() : value;
    } catch (NumberFormatException e) {
      return text;
    }
  }

  static Object parseFloat(String text) {
    String clean = text.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    return switch (clean) {
      case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
      case "-.inf" -> Double.NEGATIVE_INFINITY;
      case ".nan" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(clean);
        } catch (NumberFormatException e) {
          yield text;
        }
      }
    };
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
