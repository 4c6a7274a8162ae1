package io.mbt.mf.dataset;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pinned, immutable description of the data a run trains on (the seed's DatasetManifest, J15):
 * every table at one Delta version with the digest of its file list there, the as-of boundary, the
 * window, keys, scope and feature versions, and the proof that the data passed validation. Its
 * identity is the sha256 of its file's bytes; MF reads data only through it, never "latest".
 *
 * <p>Fields are optional in the record so that an incomplete manifest can be read and rejected
 * with a reason code (MISSING_AS_OF_BOUNDARY, ...) rather than fail to parse.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DatasetManifest(
    @JsonProperty("manifest_version") int manifestVersion,
    @JsonProperty("dataset_kind") Optional<String> datasetKind,
    @JsonProperty("pipeline") Optional<String> pipeline,
    @JsonProperty("as_of") Optional<String> asOf,
    @JsonProperty("replay_basis") Optional<String> replayBasis,
    @JsonProperty("window") Optional<Window> window,
    @JsonProperty("join_keys") List<String> joinKeys,
    @JsonProperty("entity_scope") Optional<String> entityScope,
    @JsonProperty("feature_pack") Optional<String> featurePack,
    @JsonProperty("feature_versions") Map<String, String> featureVersions,
    @JsonProperty("privacy_class") Optional<String> privacyClass,
    @JsonProperty("label_column") Optional<String> labelColumn,
    @JsonProperty("tables") List<PinnedTable> tables,
    @JsonProperty("validation_proof") Optional<ValidationProof> validationProof) {

  public static final int VERSION = 1;
  /** The only replay basis MBT writes: every table pinned to a Delta version. */
  public static final String DELTA_VERSIONS = "delta_versions";

  public DatasetManifest {
    requireNonNull(datasetKind, "datasetKind is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(asOf, "asOf is null");
    requireNonNull(replayBasis, "replayBasis is null");
    requireNonNull(window, "window is null");
    joinKeys = joinKeys == null ? List.of() : List.copyOf(joinKeys);
    requireNonNull(entityScope, "entityScope is null");
    requireNonNull(featurePack, "featurePack is null");
    featureVersions = featureVersions == null ? Map.of() : Map.copyOf(featureVersions);
    requireNonNull(privacyClass, "privacyClass is null");
    requireNonNull(labelColumn, "labelColumn is null");
    tables = tables == null ? List.of() : List.copyOf(tables);
    requireNonNull(validationProof, "validationProof is null");
  }

  /** The training window, when the pipeline declares data windows (ISO dates, end exclusive). */
  public record Window(@JsonProperty("start") String start, @JsonProperty("end") String end) {
    public Window {
      requireNonNull(start, "start is null");
      requireNonNull(end, "end is null");
    }
  }

  /**
   * One table at one version.
   *
   * @param name the table as the pipeline names it
   * @param role {@code label} or {@code feature}
   * @param uri where the Delta table is
   * @param deltaTableId the table's Delta id: a re-created table has another
   * @param version the Delta version read
   * @param filesDigest sha256 over the data files (path, size, deletion vector) of that version
   */
  public record PinnedTable(
      @JsonProperty("name") String name,
      @JsonProperty("role") String role,
      @JsonProperty("uri") String uri,
      @JsonProperty("delta_table_id") String deltaTableId,
      @JsonProperty("version") long version,
      @JsonProperty("files_digest") String filesDigest) {
    public PinnedTable {
      requireNonNull(name, "name is null");
      requireNonNull(role, "role is null");
      requireNonNull(uri, "uri is null");
      requireNonNull(deltaTableId, "deltaTableId is null");
      requireNonNull(filesDigest, "filesDigest is null");
    }
  }

  /**
   * The data validation's verdict on exactly these tables.
   *
   * @param status {@code PASS} or {@code FAIL}
   * @param tablesDigest the digest of {@link #tables()} the proof binds to
   * @param reportUri the validation report written by the pin
   * @param reportSha256 its digest
   */
  public record ValidationProof(
      @JsonProperty("status") String status,
      @JsonProperty("tables_digest") String tablesDigest,
      @JsonProperty("report_uri") String reportUri,
      @JsonProperty("report_sha256") String reportSha256) {
    public ValidationProof {
      requireNonNull(status, "status is null");
      requireNonNull(tablesDigest, "tablesDigest is null");
      requireNonNull(reportUri, "reportUri is null");
      requireNonNull(reportSha256, "reportSha256 is null");
    }
  }
}
