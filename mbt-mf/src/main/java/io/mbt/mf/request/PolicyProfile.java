package io.mbt.mf.request;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policy profile (MF-B5 "policy"): everything that changes a run's outcome and so is
 * versioned ({@link #policyRev}) and pinned by digest in the run's identity.
 *
 * @param submitters principals allowed to submit ({@code *} is anyone)
 * @param publishers principals allowed to publish candidates
 * @param requiredMetrics metrics the evaluation must produce; a missing one fails the gate HARD
 * @param gates thresholds on metrics
 * @param retryBudgets per stage ({@code TRAIN}, {@code EVAL}, {@code GATE}, {@code PACKAGE},
 *     {@code PUBLISH}): how many retries after the first attempt
 * @param admissibility what inputs the policy accepts
 * @param compatibilityFields fields a bundle's compatibility descriptor must declare
 */
public record PolicyProfile(
    String policyRev,
    Set<String> submitters,
    Set<String> publishers,
    List<String> requiredMetrics,
    List<GateRule> gates,
    Map<String, Integer> retryBudgets,
    Backoff backoff,
    Admissibility admissibility,
    List<String> compatibilityFields) {

  public static final List<String> DEFAULT_COMPATIBILITY_FIELDS = List.of("feature_columns", "training_schema", "label", "scope");
  public static final int DEFAULT_RETRIES = 1;

  public PolicyProfile {
    requireNonNull(policyRev, "policyRev is null");
    submitters = Set.copyOf(submitters);
    publishers = Set.copyOf(publishers);
    requiredMetrics = List.copyOf(requiredMetrics);
    gates = List.copyOf(gates);
    retryBudgets = Map.copyOf(retryBudgets);
    requireNonNull(backoff, "backoff is null");
    requireNonNull(admissibility, "admissibility is null");
    compatibilityFields = List.copyOf(compatibilityFields);
  }

  /** A threshold on one metric: observed must be at least {@code min} and at most {@code max}. */
  public record GateRule(String metric, Optional<Double> min, Optional<Double> max) {
    public GateRule {
      requireNonNull(metric, "metric is null");
      requireNonNull(min, "min is null");
      requireNonNull(max, "max is null");
    }
  }

  /** Exponential backoff between retries: {@code initial}, doubled, at most {@code max}. */
  public record Backoff(Duration initial, Duration max) {
    public Backoff {
      requireNonNull(initial, "initial is null");
      requireNonNull(max, "max is null");
    }

    public Duration before(int retry) {
      Duration pause = initial.multipliedBy(1L << Math.min(Math.max(retry - 1, 0), 20));
      return pause.compareTo(max) > 0 ? max : pause;
    }
  }

  /**
   * What datasets the policy admits (MF-C8).
   *
   * @param requirePassProof every dataset manifest must carry a PASS validation proof bound to it
   * @param allowedDatasetKinds the manifest kinds accepted; empty accepts any
   * @param maxWindowDays the longest training window accepted, if limited
   * @param allowedPrivacyClasses the privacy classes accepted; empty accepts any
   * @param blockedFeaturePacks feature packs that must not be trained on
   */
  public record Admissibility(boolean requirePassProof, Set<String> allowedDatasetKinds, Optional<Integer> maxWindowDays,
      Set<String> allowedPrivacyClasses, Set<String> blockedFeaturePacks) {
    public Admissibility {
      allowedDatasetKinds = Set.copyOf(allowedDatasetKinds);
      requireNonNull(maxWindowDays, "maxWindowDays is null");
      allowedPrivacyClasses = Set.copyOf(allowedPrivacyClasses);
      blockedFeaturePacks = Set.copyOf(blockedFeaturePacks);
    }

    public static Admissibility strictDefaults() {
      return new Admissibility(true, Set.of(), Optional.empty(), Set.of(), Set.of());
    }
  }

  /** How many retries {@code stage} gets after its first attempt. */
  public int retries(String stage) {
    return retryBudgets.getOrDefault(stage, DEFAULT_RETRIES);
  }

  public boolean maySubmit(String principal) {
    return submitters.contains("*") || submitters.contains(principal);
  }

  public boolean mayPublish(String principal) {
    return publishers.contains("*") || publishers.contains(principal);
  }
}
