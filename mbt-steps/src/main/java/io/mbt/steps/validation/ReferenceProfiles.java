package io.mbt.steps.validation;

import java.util.Optional;

/** Where {@code distribution_drift} finds the data profiles stored by earlier runs. */
public interface ReferenceProfiles {
  /** The profile stored by run {@code runId}, or empty if that run stored none. */
  Optional<DataProfile> profile(String runId);

  /** Where the profile of {@code runId} is (or would be), for messages. */
  String location(String runId);

  /** No earlier runs: every drift check reports its reference missing. */
  static ReferenceProfiles none() {
    return new ReferenceProfiles() {
      @Override
      public Optional<DataProfile> profile(String runId) {
        return Optional.empty();
      }

      @Override
      public String location(String runId) {
        return "(no artifact store)";
      }
    };
  }
}
