package io.mbt.mf.testing;

import io.mbt.mf.admission.MfContext;
import io.mbt.mf.bundle.BundleCandidate;
import io.mbt.mf.engine.TrainOutput;
import io.mbt.mf.identity.Digests;
import io.mbt.mf.publish.CandidateRegistry;
import io.mbt.mf.publish.PublishResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry in memory that behaves like the real ones (versions keyed by fingerprint, conflict on
 * other bytes, rejection without a compatibility descriptor), with faults injected per call.
 */
public final class FakeRegistry implements CandidateRegistry {
  public enum Fault { UNAVAILABLE, UNKNOWN_BUT_ACCEPTED, UNKNOWN_NOT_ACCEPTED }

  private final Map<String, String> manifestDigests = new LinkedHashMap<>();
  private final Map<String, String> versions = new LinkedHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  public final AtomicInteger publishCalls = new AtomicInteger();

  public synchronized FakeRegistry failNext(Fault... next) {
    faults.addAll(List.of(next));
    return this;
  }

  public synchronized FakeRegistry clearFaults() {
    faults.clear();
    return this;
  }

  public synchronized int versionCount() {
    return versions.size();
  }

  /** Stores other bytes under {@code fingerprint}, as a tampered candidate would have. */
  public synchronized void plant(String fingerprint) {
    manifestDigests.put(fingerprint, "sha256:" + "0".repeat(64));
    versions.put(fingerprint, String.valueOf(versions.size() + 1));
  }

  @Override
  public synchronized PublishResponse publish(BundleCandidate candidate, TrainOutput trained, MfContext context) throws Unavailable, OutcomeUnknown {
    publishCalls.incrementAndGet();
    Fault fault = faults.poll();
    if (fault == Fault.UNAVAILABLE) {
      throw new Unavailable("connection refused (injected)", null);
    }
    if (fault == Fault.UNKNOWN_NOT_ACCEPTED) {
      throw new OutcomeUnknown("read timed out (injected, not accepted)", null);
    }
    String digest = Digests.sha256(candidate.canonicalBytes());
    if (candidate.compatibility().isEmpty()) {
      return new PublishResponse(PublishResponse.Outcome.REJECTED, candidate.modelName(), Optional.empty(), Optional.empty(),
          List.of("MISSING_COMPATIBILITY_DESCRIPTOR"), "no compatibility descriptor");
    }
    String existing = manifestDigests.get(candidate.fingerprint());
    PublishResponse response;
    if (existing == null) {
      manifestDigests.put(candidate.fingerprint(), digest);
      versions.put(candidate.fingerprint(), String.valueOf(versions.size() + 1));
      response = new PublishResponse(PublishResponse.Outcome.PUBLISHED, candidate.modelName(), Optional.of(versions.get(candidate.fingerprint())),
          Optional.of("run-" + versions.size()), List.of(), "registered");
    } else if (existing.equals(digest)) {
      response = new PublishResponse(PublishResponse.Outcome.ALREADY_PUBLISHED, candidate.modelName(),
          Optional.of(versions.get(candidate.fingerprint())), Optional.empty(), List.of(), "already registered");
    } else {
      response = new PublishResponse(PublishResponse.Outcome.CONFLICT, candidate.modelName(), Optional.of(versions.get(candidate.fingerprint())),
          Optional.empty(), List.of("FINGERPRINT_BYTES_DIFFER"), "a version with this fingerprint holds other bytes");
    }
    if (fault == Fault.UNKNOWN_BUT_ACCEPTED) {
      throw new OutcomeUnknown("read timed out (injected, accepted)", null);
    }
    return response;
  }

  @Override
  public synchronized Optional<PublishResponse> status(String modelName, String fingerprint) {
    return Optional.ofNullable(versions.get(fingerprint)).map(v -> new PublishResponse(PublishResponse.Outcome.ALREADY_PUBLISHED, modelName,
        Optional.of(v), Optional.empty(), List.of(), "found by status probe"));
  }
}
