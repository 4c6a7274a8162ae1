package io.mbt.steps.api;

import static java.util.Objects.requireNonNull;

/**
 * A run given {@link SourcePins} cannot read a source table as pinned. {@link #code()} says why, so a
 * caller can react without parsing the message: the Model Factory maps {@link
 * Code#VERSION_NOT_FOUND} and {@link Code#TABLE_NOT_FOUND} to its {@code REF_NOT_FOUND} reason.
 * The runner reports it as the cause of its {@code RunFailedException}.
 */
public final class SourcePinException extends StepFailedException {
  /** Why a pinned source could not be read. */
  public enum Code {
    /** The step reads a table the request did not pin. */
    NOT_PINNED,
    /** The table is not read as a Delta table, so it has no versions to pin. */
    NOT_VERSIONED,
    /** The table no longer exists where the connector looks for it. */
    TABLE_NOT_FOUND,
    /** The table was dropped and re-created: its Delta table id differs from the pinned one. */
    TABLE_REPLACED,
    /** The pinned version cannot be read any more (log cleaned up, files vacuumed) or never existed. */
    VERSION_NOT_FOUND
  }

  private final Code code;
  private final String table;

  public SourcePinException(Code code, String table, String message, String hint, Throwable cause) {
    super(message, hint, cause);
    this.code = requireNonNull(code, "code is null");
    this.table = requireNonNull(table, "table is null");
  }

  public SourcePinException(Code code, String table, String message, String hint) {
    this(code, table, message, hint, null);
  }

  public Code code() {
    return code;
  }

  /** The source table, as the pins name it. */
  public String table() {
    return table;
  }
}
