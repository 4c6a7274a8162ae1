package io.mbt.driver.cli;

import io.mbt.mf.ModelFactory;
import io.mbt.mf.SubmitResult;
import io.mbt.mf.admission.Reason;
import io.mbt.mf.ledger.Receipt;
import io.mbt.mf.ledger.ReceiptKind;
import io.mbt.mf.ledger.RunState;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** How {@code mbt mf} prints answers, run states and the audit trail. */
final class MfReports {
  private static final List<String> STAGES = List.of("TRAIN", "EVAL", "GATE", "PACKAGE", "PUBLISH");

  private MfReports() {}

  static void result(PrintWriter out, SubmitResult result) {
    out.println("run " + result.trainRunId().orElse("(none: the request could not be keyed)") + ": " + result.outcome()
        + (result.duplicate() ? " (existing run)" : ""));
    result.bundleFingerprint().ifPresent(f -> out.println("bundle: " + f));
  }

  /** {@code CODE [HARD] ref: message (expected x, observed y)}. */
  static String reason(Reason r) {
    return r.code() + " [" + (r.code().retryable() ? "TRANSIENT" : "HARD") + "] " + r.ref() + ": " + r.message()
        + r.expected().map(e -> " (expected " + e + r.observed().map(o -> ", observed " + o).orElse("") + ")").orElse("");
  }

  static String requester(RunState state) {
    return state.claim().map(c -> c.body().get("request") instanceof Map<?, ?> m ? String.valueOf(m.get("requester_principal")) : null)
        .orElseThrow(() -> new IllegalArgumentException("run " + state.trainRunId() + " is not in the ledger; 'mbt mf history' lists runs"));
  }

  static void status(PrintWriter out, RunState state) {
    if (!state.claimed()) {
      throw new IllegalArgumentException("run " + state.trainRunId() + " is not in the ledger; 'mbt mf history' lists runs");
    }
    Receipt claim = state.claim().get();
    out.println("run " + state.trainRunId());
    if (claim.body().get("request") instanceof Map<?, ?> request) {
      out.println("  request:   " + request.get("request_id") + " (" + request.get("intent") + ", by " + request.get("requester_principal") + ")");
    }
    state.latest(ReceiptKind.CONTEXT_RESOLVED).ifPresent(c -> out.println("  pipeline:  " + c.string("pipeline") + " -> model "
        + c.string("model_name") + ", policy " + c.string("policy_rev") + ", target " + c.string("environment")));
    out.println("  outcome:   " + state.terminal().map(t -> t.string("outcome")).orElse("not ended"));
    state.lease().ifPresent(l -> out.println("  lease:     " + l.holder() + " epoch " + l.epoch() + (l.released() ? " (released)"
        : " until " + l.expiresAt())));
    for (String stage : STAGES) {
      state.stage(stage).ifPresent(s -> out.println("  " + String.format("%-8s", stage) + "   " + s.status() + " (attempt " + s.lastAttempt()
          + (s.failures().isEmpty() ? "" : ", " + s.failures().size() + " failed: " + s.failures().get(s.failures().size() - 1).body()
              .get("code")) + ")"));
    }
    state.latest(ReceiptKind.GATE).ifPresent(g -> out.println("  gate:      " + g.string("verdict") + " under " + g.string("policy_rev")));
    state.latest(ReceiptKind.BUNDLE_CANDIDATE).ifPresent(b -> out.println("  bundle:    " + b.string("bundle_fingerprint")));
    state.latest(ReceiptKind.PUBLISH_RESULT).ifPresent(p -> out.println("  published: " + p.string("outcome") + published(p)));
    state.cancelRequested().ifPresent(c -> out.println("  cancel:    requested by " + c.string("principal") + ": " + c.string("reason")));
  }

  private static String published(Receipt result) {
    if (result.body().get("detail") instanceof Map<?, ?> d && d.get("version") != null) {
      return " as version " + d.get("version") + " of " + d.get("model_name");
    }
    return "";
  }

  static int history(PrintWriter out, PrintWriter err, ModelFactory factory, Optional<String> run, Optional<String> bundle,
      Optional<String> model) {
    if (run.isPresent()) {
      List<Receipt> receipts = factory.ledger().receipts(run.get());
      if (receipts.isEmpty()) {
        err.println("error: run " + run.get() + " is not in the ledger; 'mbt mf history' lists runs");
        return MbtCli.FAILED;
      }
      for (Receipt r : receipts) {
        out.printf("%-24s e%-2d #%-3d %-28s %-10s %s%n", r.recordedAt(), r.leaseEpoch(), r.sequence(), r.kind().wireName(),
            r.stage().map(s -> s + r.attempt().map(a -> "/" + a).orElse("")).orElse(""), summary(r));
      }
      return MbtCli.OK;
    }
    Set<String> runs = new LinkedHashSet<>();
    if (bundle.isPresent()) {
      factory.ledger().receiptsOfKind(ReceiptKind.BUNDLE_CANDIDATE).stream()
          .filter(r -> bundle.get().equals(r.string("bundle_fingerprint"))).forEach(r -> runs.add(r.trainRunId()));
    } else if (model.isPresent()) {
      factory.ledger().receiptsOfKind(ReceiptKind.CONTEXT_RESOLVED).stream().filter(r -> model.get().equals(r.string("model_name")))
          .sorted(Comparator.comparing(Receipt::recordedAt)).forEach(r -> runs.add(r.trainRunId()));
    } else {
      factory.ledger().receiptsOfKind(ReceiptKind.RUN_CLAIMED).stream().sorted(Comparator.comparing(Receipt::recordedAt))
          .forEach(r -> runs.add(r.trainRunId()));
    }
    if (runs.isEmpty()) {
      out.println(bundle.map(b -> "no run built bundle " + b).or(() -> model.map(m -> "no run of model " + m)).orElse("no runs in the ledger"));
      return bundle.isPresent() || model.isPresent() ? MbtCli.FAILED : MbtCli.OK;
    }
    for (String id : runs) {
      RunState state = factory.state(id);
      Receipt claim = state.claim().orElseThrow();
      Map<?, ?> request = claim.body().get("request") instanceof Map<?, ?> m ? m : Map.of();
      out.println(id + "  " + claim.recordedAt() + "  " + request.get("intent") + "  request " + request.get("request_id") + "  -> "
          + state.terminal().map(t -> t.string("outcome")).orElse("not ended"));
      state.latest(ReceiptKind.CONTEXT_RESOLVED).ifPresent(c -> {
        out.println("    pipeline " + c.string("pipeline") + " (recipe " + c.string("recipe_digest") + "), policy " + c.string("policy_rev")
            + ", build " + c.string("mf_build_id"));
        if (c.body().get("dataset_manifests") instanceof List<?> manifests) {
          manifests.forEach(d -> out.println("    data " + (d instanceof Map<?, ?> dm ? dm.get("uri") + " " + dm.get("sha256") : d)));
        }
      });
      state.latest(ReceiptKind.GATE).ifPresent(g -> out.println("    gate " + g.string("verdict") + " under " + g.string("policy_rev")));
      state.latest(ReceiptKind.BUNDLE_CANDIDATE).ifPresent(b -> out.println("    bundle " + b.string("bundle_fingerprint")));
      state.all(ReceiptKind.PUBLISH_RESULT).stream().filter(p -> Boolean.TRUE.equals(p.body().get("success"))).reduce((a, b) -> b)
          .ifPresent(p -> out.println("    published " + p.string("outcome") + published(p)));
      state.all(ReceiptKind.SUPERSEDES).forEach(s -> out.println("    supersedes " + s.string("old_run_id") + " (" + s.string("reason") + ")"));
    }
    return MbtCli.OK;
  }

  private static String summary(Receipt r) {
    Map<String, Object> b = r.body();
    switch (r.kind()) {
      case RUN_CLAIMED:
      case LEASE_TAKEOVER:
        return "holder " + r.holder() + (b.containsKey("reason") ? " (" + b.get("reason") + ")" : "");
      case STAGE_FAILED:
        return b.get("code") + ": " + b.get("message");
      case GATE:
        return b.get("verdict") + " under " + b.get("policy_rev");
      case BUNDLE_CANDIDATE:
        return String.valueOf(b.get("bundle_fingerprint"));
      case PUBLISH_RESULT:
        return b.get("outcome") + published(r);
      case RUN_TERMINAL:
        return String.valueOf(b.get("outcome"));
      case ARTIFACT_LOCATOR:
        return b.get("kind") + " " + b.get("uri");
      case ADMISSIBILITY:
        return String.valueOf(b.get("verdict"));
      default:
        return "";
    }
  }
}
