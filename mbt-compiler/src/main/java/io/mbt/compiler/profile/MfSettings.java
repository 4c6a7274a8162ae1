package io.mbt.compiler.profile;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A target's {@code mf:} section: where the Model Factory keeps its ledger and runs, and how its
 * leases and signals behave (the MF wiring profile; nothing here changes what a run produces).
 *
 * @param root the MF root ({@code file://} or {@code s3a://}); default {@code <storage root>/mf}
 * @param singleWriter only one process ever writes the ledger, so a LogStore without
 *     cross-process exclusion is accepted
 * @param leaseTtlSeconds how long a run's lease lasts past its holder's last receipt
 * @param heartbeatSeconds how often a holder renews its lease (below the TTL)
 * @param signalSink where control facts go: {@code none}, {@code log}, or a {@code file:}/{@code s3a:} directory URI
 */
public record MfSettings(Optional<String> root, boolean singleWriter, long leaseTtlSeconds, long heartbeatSeconds, String signalSink) {
  public static final long DEFAULT_TTL_SECONDS = 120;
  public static final long DEFAULT_HEARTBEAT_SECONDS = 30;

  public MfSettings {
    requireNonNull(root, "root is null");
    requireNonNull(signalSink, "signalSink is null");
  }

  public static MfSettings defaults() {
    return new MfSettings(Optional.empty(), false, DEFAULT_TTL_SECONDS, DEFAULT_HEARTBEAT_SECONDS, "log");
  }
}
