package io.mbt.steps.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mbt.compiler.manifest.ManifestJson;
import io.mbt.steps.registry.RegistryException;
import io.mbt.steps.registry.RegistryUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The REST calls of the mlflow registry: through {@code mlflow-client} for reads and idempotent
 * writes (it retries failed calls up to three times), and {@link #registryOnce} for the calls that
 * must be sent at most once (creating a model version is not idempotent) or whose answer code
 * matters (deleting a version that may be gone). Failures name the tracking URI, never credentials;
 * a server that was never reached (connection refused, unknown host, connect timeout) is a {@link
 * RegistryUnavailableException}.
 */
final class MlflowRest implements AutoCloseable {
  private static final String API = "/api/2.0/mlflow/";

  /** An answer of {@link #registryOnce}: any HTTP status. */
  record Response(int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }

    JsonNode json() throws IOException {
      return ManifestJson.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
    }

    /** MLflow's {@code error_code}, e.g. RESOURCE_DOES_NOT_EXIST; empty if the body has none. */
    String errorCode() {
      try {
        return json().path("error_code").asText("");
      } catch (IOException e) {
        return "";
      }
    }

    /** The first line of the body, for messages. */
    String firstLine() {
      return body == null ? "" : body.lines().findFirst().orElse("");
    }
  }

  private final String trackingUri;
  private final String registryUri;
  private final int timeoutSeconds;
  private final MlflowClient tracking;
  private final MlflowClient registry;
  private final Optional<String> authorization;
  private final HttpClient once;

  MlflowRest(String trackingUri, String registryUri, Optional<String> user, Optional<String> password, Optional<String> token,
      int timeoutSeconds) {
    this.trackingUri = trackingUri;
    this.registryUri = registryUri;
    this.timeoutSeconds = timeoutSeconds;
    this.tracking = new MlflowClient(creds(trackingUri, user, password, token));
    this.registry = registryUri.equals(trackingUri) ? tracking : new MlflowClient(creds(registryUri, user, password, token));
    this.authorization = ArtifactProxy.authorization(user, password, token);
    this.once = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(timeoutSeconds, 10))).build();
  }

  private static BasicMlflowHostCreds creds(String uri, Optional<String> user, Optional<String> password, Optional<String> token) {
    return new BasicMlflowHostCreds(uri, user.orElse(null), password.orElse(null), token.orElse(null), false);
  }

  String trackingUri() {
    return trackingUri;
  }

  int timeoutSeconds() {
    return timeoutSeconds;
  }

  static ObjectNode json() {
    return ManifestJson.mapper().createObjectNode();
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A tracking GET; MLflow's failures are thrown as they are ({@link MlflowClientException}) for callers that tell 404 apart. */
  JsonNode get(String path) {
    try {
      return ManifestJson.mapper().readTree(tracking.sendGet(path));
    } catch (IOException e) {
      throw new RegistryException("unreadable MLflow response to " + path + ": " + e.getMessage(), e);
    }
  }

  JsonNode post(String path, JsonNode body) {
    return call(tracking, path, body);
  }

  JsonNode registryGet(String path) {
    try {
      return ManifestJson.mapper().readTree(registry.sendGet(path));
    } catch (MlflowClientException e) {
      throw failure("GET " + path.replaceAll("\\?.*", ""), e);
    } catch (IOException e) {
      throw new RegistryException("unreadable MLflow response to " + path + ": " + e.getMessage(), e);
    }
  }

  JsonNode registryPost(String path, JsonNode body) {
    return call(registry, path, body);
  }

  private JsonNode call(MlflowClient client, String path, JsonNode body) {
    try {
      String response = client.sendPost(path, body.toString());
      return ManifestJson.mapper().readTree(response == null || response.isBlank() ? "{}" : response);
    } catch (MlflowClientException e) {
      throw failure("POST " + path, e);
    } catch (IOException e) {
      throw new RegistryException("MLflow call " + path + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Sends {@code method path} to the registry server exactly once, within the configured timeout.
   *
   * @return the answer, whatever its status
   * @throws IOException if no answer came: {@link #neverReached} tells whether the request can have
   *     arrived
   */
  Response registryOnce(String method, String path, JsonNode body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registryUri + API + path)).timeout(Duration.ofSeconds(timeoutSeconds))
        .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    authorization.ifPresent(a -> request.header("Authorization", a));
    try {
      HttpResponse<String> response = once.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for MLflow's answer to " + method + " " + path, e);
    }
  }

  /** Whether {@code e} says the server was never reached (so a request cannot have arrived). */
  static boolean neverReached(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof HttpConnectTimeoutException || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        return true;
      }
    }
    return false;
  }

  /** A failed call: unavailable if the server was never reached. No credentials in the message, only the URI and MLflow's own error. */
  RegistryException failure(String what, MlflowClientException e) {
    String detail = e instanceof MlflowHttpException http ? "HTTP " + http.getStatusCode() + " " + http.getBodyMessage() : String.valueOf(e.getMessage());
    String message = "MLflow at " + trackingUri + " failed " + what + ": " + detail
        + ". Check that the tracking server is up and model_registry.config in profiles.yaml (mbt debug checks it)";
    return neverReached(e) ? new RegistryUnavailableException(message, e) : new RegistryException(message, e);
  }

  @Override
  public void close() {
    tracking.close();
    if (registry != tracking) {
      registry.close();
    }
  }
}
