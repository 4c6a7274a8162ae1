package io.mbt.mf.admission;

import static java.util.Objects.requireNonNull;

/**
 * Reads what a pinned table is at a version, without reading rows (MF-C6): its Delta table id and
 * the digest of its data files there. Failures are classified like {@link RefReader}'s.
 */
public interface TableInspector {

  /**
   * @throws RefReader.RefException REF_NOT_FOUND (no table, or the version is gone: vacuumed or
   *     its log cleaned), REF_ACCESS_DENIED, RESOLVE_TIMEOUT_TRANSIENT
   */
  TableAtVersion inspect(String uri, long version) throws RefReader.RefException;

  /** A table at one version. */
  record TableAtVersion(String uri, String tableId, long version, String filesDigest) {
    public TableAtVersion {
      requireNonNull(uri, "uri is null");
      requireNonNull(tableId, "tableId is null");
      requireNonNull(filesDigest, "filesDigest is null");
    }
  }
}
