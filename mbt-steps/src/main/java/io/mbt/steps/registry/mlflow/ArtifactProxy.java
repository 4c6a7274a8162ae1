package io.mbt.steps.registry.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mbt.compiler.manifest.ManifestJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A run's artifacts, over HTTP with the JDK's client: through the tracking server's artifact proxy
 * ({@code mlflow-artifacts:} URIs, {@code /api/2.0/mlflow-artifacts/artifacts/...}), or straight
 * through Hadoop's FileSystem when the run's artifact URI is one Spark can reach ({@code file:},
 * {@code s3a:}, {@code abfss:}, ...). Never the Python {@code mlflow} CLI.
 */
final class ArtifactProxy {
  private static final String PROXY_SCHEME = "mlflow-artifacts:";
  private static final String PROXY_API = "/api/2.0/mlflow-artifacts/artifacts";

  private final String trackingUri;
  private final Optional<String> authorization;
  private final Duration timeout;
  private final HttpClient http;

  ArtifactProxy(String trackingUri, Optional<String> user, Optional<String> password, Optional<String> token, int timeoutSeconds) {
    this.trackingUri = trackingUri;
    this.timeout = Duration.ofSeconds(timeoutSeconds);
    this.authorization = authorization(user, password, token);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(timeoutSeconds, 10))).build();
  }

  /** The Authorization header value for the credentials: a bearer token, else basic auth. */
  static Optional<String> authorization(Optional<String> user, Optional<String> password, Optional<String> token) {
    return token.map(t -> "Bearer " + t).or(() -> user.map(u -> "Basic "
        + Base64.getEncoder().encodeToString((u + ":" + password.orElse("")).getBytes(StandardCharsets.UTF_8))));
  }

  void upload(String artifactUri, String relative, byte[] content) throws IOException {
    if (isProxy(artifactUri)) {
      send(request(PROXY_API + "/" + proxyPath(artifactUri) + "/" + relative).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
          "uploading " + relative);
      return;
    }
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(artifactUri + "/" + relative);
    FileSystem fs = target.getFileSystem(new Configuration());
    try (var out = fs.create(target, true)) {
      out.write(content);
    }
  }

  void uploadDirectory(String artifactUri, String prefix, Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (Files.isRegularFile(f) && !(name.startsWith(".") && name.endsWith(".crc"))) {
          upload(artifactUri, prefix + "/" + dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
      }
    }
  }

  void uploadHadoopDirectory(String artifactUri, String prefix, String dirUri, Configuration hadoop) throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dirUri);
    FileSystem fs = root.getFileSystem(hadoop);
    if (!fs.exists(root)) {
      return;
    }
    String base = fs.makeQualified(root).toUri().getPath();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String name = f.getPath().getName();
      if (name.startsWith(".") && name.endsWith(".crc")) {
        continue;
      }
      String relative = f.getPath().toUri().getPath().substring(base.length()).replaceFirst("^/", "");
      try (InputStream in = fs.open(f.getPath())) {
        upload(artifactUri, prefix + "/" + relative, in.readAllBytes());
      }
    }
  }

  /** Every artifact of the run under {@code into}. */
  void downloadAll(String artifactUri, Path into) throws IOException {
    Files.createDirectories(into);
    if (!isProxy(artifactUri)) {
      org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(artifactUri);
      FileSystem fs = root.getFileSystem(new Configuration());
      org.apache.hadoop.fs.FileUtil.copy(fs, root, new java.io.File(into.toString()), false, new Configuration());
      return;
    }
    download(proxyPath(artifactUri), "", into);
  }

  private void download(String base, String relative, Path into) throws IOException {
    String listed = base + (relative.isEmpty() ? "" : "/" + relative);
    JsonNode listing = ManifestJson.mapper().readTree(send(request(PROXY_API + "?path=" + encode(listed)).GET().build(), "listing " + listed));
    for (JsonNode file : listing.path("files")) {
      String path = file.get("path").asText();
      String name = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
      String child = relative.isEmpty() ? name : relative + "/" + name;
      if (file.path("is_dir").asBoolean(false)) {
        download(base, child, into);
      } else {
        HttpResponse<byte[]> response = sendBytes(request(PROXY_API + "/" + base + "/" + child).GET().build(), "downloading " + child);
        Path target = into.resolve(child);
        Files.createDirectories(target.getParent());
        Files.write(target, response.body());
      }
    }
  }

  boolean healthy() {
    try {
      HttpResponse<String> r = http.send(request("/health").timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(trackingUri + path)).timeout(timeout);
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  private String send(HttpRequest request, String what) throws IOException {
    return new String(sendBytes(request, what).body(), StandardCharsets.UTF_8);
  }

  private HttpResponse<byte[]> sendBytes(HttpRequest request, String what) throws IOException {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(what + ": HTTP " + response.statusCode() + " from " + trackingUri + " "
            + new String(response.body(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    }
  }

  private static boolean isProxy(String artifactUri) {
    return artifactUri.startsWith(PROXY_SCHEME);
  }

  /** {@code mlflow-artifacts:/1/abc/artifacts} or {@code mlflow-artifacts://host:port/1/abc/artifacts} → {@code 1/abc/artifacts}. */
  static String proxyPath(String artifactUri) {
    String rest = artifactUri.substring(PROXY_SCHEME.length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    return rest.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
