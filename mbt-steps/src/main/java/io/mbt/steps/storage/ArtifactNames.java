package io.mbt.steps.storage;

import io.mbt.steps.StepsErrors;

/** Validates run ids, step names and artifact names: each is one path segment. */
final class ArtifactNames {
  /** Prefix of in-flight writes; never visible as an artifact. */
  static final String TEMPORARY_PREFIX = "_tmp-";

  private ArtifactNames() {}

  static String check(String what, String value) {
    if (value == null || value.isEmpty()) {
      throw StepsErrors.invalidArtifactSegment(what, String.valueOf(value), "it is empty");
    }
    if (value.startsWith("_") || value.startsWith(".")) {
      throw StepsErrors.invalidArtifactSegment(
          what, value, "names starting with '_' or '.' are reserved for temporary and hidden files");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '-' || c == '_' || c == '.';
      if (!allowed) {
        throw StepsErrors.invalidArtifactSegment(
            what, value, "character '" + c + "' at index " + i + " is not allowed");
      }
    }
    return value;
  }

  /** Whether a directory entry is an artifact, rather than a temporary or hidden file. */
  static boolean isVisible(String entryName) {
    return !entryName.startsWith("_") && !entryName.startsWith(".");
  }
}
