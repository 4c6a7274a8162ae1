package io.mbt.compiler.error;

/**
 * Every kind of problem the compiler reports. The code appears in messages ({@code [MBT103]}) so
 * users can search for it, and it decides the CLI exit code.
 */
public enum ErrorCode {
  // Phase 0: the project and its files
  PROJECT_NOT_FOUND("MBT001"),
  FILE_NOT_FOUND("MBT002"),
  FILE_UNREADABLE("MBT003"),
  PIPELINE_NOT_FOUND("MBT004"),
  DUPLICATE_PIPELINE("MBT005"),
  // Phase 1: resolution
  YAML_SYNTAX("MBT101"),
  DUPLICATE_KEY("MBT102"),
  INCLUDE_NOT_FOUND("MBT103"),
  INCLUDE_OUTSIDE_PROJECT("MBT104"),
  INCLUDE_CYCLE("MBT105"),
  BASE_NOT_FOUND("MBT106"),
  CHAINED_BASE("MBT107"),
  TEMPLATE_ERROR("MBT108"),
  UNDEFINED_VARIABLE("MBT109"),
  // Phase 2: schema
  MISSING_SCHEMA_VERSION("MBT201"),
  UNSUPPORTED_SCHEMA_VERSION("MBT202"),
  DEPRECATED_SCHEMA_VERSION("MBT203"),
  MISSING_REQUIRED("MBT204"),
  WRONG_TYPE("MBT205"),
  UNKNOWN_KEY("MBT206"),
  INVALID_VALUE("MBT207"),
  CONFLICTING_KEYS("MBT208"),
  // Profiles
  PROFILE_NOT_FOUND("MBT301"),
  TARGET_NOT_FOUND("MBT302"),
  // Phase 3: plugins
  UNKNOWN_ADAPTER("MBT401"),
  INVALID_ADAPTER_CONFIG("MBT402"),
  UNSUPPORTED_PROBLEM_TYPE("MBT403"),
  // Phase 4: DAG
  DAG_CYCLE("MBT501"),
  UNKNOWN_STEP("MBT502"),
  // DAG tests
  TEST_FAILED("MBT601"),
  INVALID_TEST("MBT602"),
  // Anything else
  INTERNAL("MBT999");

  private final String id;

  ErrorCode(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
