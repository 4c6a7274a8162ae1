package io.mbt.mf.request;

import static io.mbt.compiler.validate.Shapes.object;
import static io.mbt.compiler.validate.Shapes.string;

import io.mbt.compiler.error.CompileException;
import io.mbt.compiler.error.ErrorCode;
import io.mbt.compiler.error.Problems;
import io.mbt.compiler.validate.Binder;
import io.mbt.compiler.validate.Shape;
import io.mbt.compiler.validate.Shapes;
import io.mbt.compiler.yaml.YNode;
import io.mbt.compiler.yaml.YamlReader;
import io.mbt.mf.identity.Digests;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code request.yaml}. Every problem is reported at once with its file, line and column,
 * like the compiler's: an unknown key, a missing one, a malformed digest.
 */
public final class TrainRequestFiles {
  private TrainRequestFiles() {}

  /** @throws CompileException with every problem found, located */
  public static TrainRequest read(Path file) {
    return bind(YamlReader.readFile(file, file.toString()));
  }

  /** @throws CompileException with every problem found, located */
  public static TrainRequest parse(String yaml, String displayName) {
    return bind(YamlReader.read(yaml, displayName));
  }

  /** The request stored in a claim receipt (see {@link TrainRequest#toJson}). */
  public static TrainRequest fromJson(Map<String, Object> json) {
    return parse(io.mbt.mf.identity.CanonicalJson.write(json), "the ledger's copy of the request");
  }

  /** The request as YAML (what {@code mbt mf request} writes). */
  public static String toYaml(TrainRequest request) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
          .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)).writeValueAsString(request.toJson());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the request as YAML: " + e.getMessage(), e);
    }
  }

  private static TrainRequest bind(YNode root) {
    Problems problems = new Problems();
    TrainRequest request = shape().bind(root, "", new Binder(problems));
    problems.throwIfErrors();
    return request;
  }

  static Shape<TrainRequest> shape() {
    return object("a training request", f -> {
      String requestId = f.required("request_id", Shapes.pattern("a request id (letters, digits, . _ - : @)",
          java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}")));
      Intent intent = f.required("intent", Shapes.enumOf(Intent.class));
      String principal = f.required("requester_principal", string());
      List<DigestRef> manifests = f.required("dataset_manifests", Shapes.nonEmptyListOf(digestRef("uri")));
      TrainRequest.TrainingConfigRef config = f.required("training_config", object("the training pipeline and its digest", c ->
          new TrainRequest.TrainingConfigRef(c.required("pipeline", Shapes.identifier()), c.optional("sha256", digest()))));
      DigestRef policy = f.required("policy_profile", digestRef("uri"));
      Map<String, Object> wiringRaw = f.optional("wiring", Shapes.plainMap(), Map.of());
      Optional<String> source = f.optional("source_run_id", string());
      Optional<String> supersedes = f.optional("supersedes", string());
      if (intent == Intent.RE_GATE && source.isEmpty()) {
        f.binder().error(ErrorCode.MISSING_REQUIRED, f.location(), "source_run_id", "intent re_gate needs source_run_id: the run whose "
            + "evidence is gated again", "add 'source_run_id: tr_...' (mbt mf regate RUN --policy P writes this request for you)");
      }
      if (intent != null && intent != Intent.RE_GATE && source.isPresent()) {
        f.binder().error(ErrorCode.INVALID_VALUE, f.location(), "source_run_id", "source_run_id is only read for intent re_gate, not "
            + intent.yamlName(), "remove source_run_id, or use intent: re_gate");
      }
      Map<String, String> wiring = new LinkedHashMap<>();
      wiringRaw.forEach((k, v) -> wiring.put(k, String.valueOf(v)));
      for (String key : wiring.keySet()) {
        if (!key.equals("target")) {
          f.binder().error(ErrorCode.UNKNOWN_KEY, f.location(), "wiring." + key, "unknown wiring key '" + key + "'",
              "wiring takes 'target' (the profile target to run on); MF settings go in the target's mf: section of profiles.yaml");
        }
      }
      return requestId == null || intent == null || principal == null || manifests == null || config == null || policy == null ? null
          : new TrainRequest(requestId, intent, principal, manifests, config, policy, wiring, source, supersedes);
    });
  }

  static Shape<DigestRef> digestRef(String uriKey) {
    return object("a reference {" + uriKey + ", sha256}", r -> {
      String uri = r.required(uriKey, string());
      Optional<String> sha = r.optional("sha256", digest());
      return uri == null ? null : new DigestRef(uri, sha);
    });
  }

  /** {@code sha256:<64 hex>}, or the 64 hex digits alone. */
  static Shape<String> digest() {
    return Shapes.named("a sha256 digest (sha256:<64 hex digits>)", (node, path, b) -> {
      String text = string().bind(node, path, b);
      if (text == null) {
        return null;
      }
      String normal = text.startsWith(Digests.PREFIX) ? text : Digests.PREFIX + text;
      if (!Digests.isDigest(normal)) {
        b.error(ErrorCode.INVALID_VALUE, node.location(), path, "'" + text + "' is not a sha256 digest",
            "write the full digest, sha256:<64 lowercase hex digits>, or leave it out and run 'mbt mf request' to fill it in");
        return null;
      }
      return normal;
    });
  }
}
