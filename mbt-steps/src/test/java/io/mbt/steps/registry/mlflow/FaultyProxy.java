package io.mbt.steps.registry.mlflow;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP proxy in front of a real MLflow server that forwards every call unchanged,
 * except calls to one API path, which it fails the way a network or gateway can: after forwarding
 * (the server did the work) it answers 502, or never answers until {@link #release}; or it answers
 * 403 without forwarding. For the publish outcomes that depend on where a call failed.
 */
final class FaultyProxy implements AutoCloseable {
  enum Fault {
    /** Forwards, then answers 502 Bad Gateway: the server acted, the client sees a 5xx. */
    BAD_GATEWAY_AFTER_FORWARDING,
    /** Forwards, then holds the answer until {@link #release} (the client times out first). */
    NO_ANSWER_AFTER_FORWARDING,
    /** Answers 403 without forwarding: the server never saw it. */
    FORBIDDEN
  }

  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade", "date", "from", "via", "warning");

  private final String target;
  private final String faultyPath;
  private final Fault fault;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch faulted = new CountDownLatch(1);

  /** @param faultyPath an API path such as {@code /api/2.0/mlflow/model-versions/create} */
  FaultyProxy(String target, String faultyPath, Fault fault) throws IOException {
    this.target = target.replaceAll("/+$", "");
    this.faultyPath = faultyPath;
    this.fault = fault;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Whether the faulty path was called (and, unless FORBIDDEN, forwarded) within {@code seconds}. */
  boolean faulted(long seconds) throws InterruptedException {
    return faulted.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets a held answer go (the connection is then closed without one). */
  void release() {
    released.countDown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      boolean faulty = exchange.getRequestURI().getPath().equals(faultyPath);
      if (faulty && fault == Fault.FORBIDDEN) {
        faulted.countDown();
        respond(exchange, 403, "{\"error_code\": \"PERMISSION_DENIED\", \"message\": \"no write access to this model\"}");
        return;
      }
      HttpResponse<byte[]> response = forward(exchange, body);
      if (!faulty) {
        exchange.getResponseHeaders().putAll(response.headers().map());
        exchange.getResponseHeaders().remove("Content-Length");
        exchange.getResponseHeaders().remove("Transfer-Encoding");
        send(exchange, response.statusCode(), response.body());
        return;
      }
      faulted.countDown();
      if (fault == Fault.BAD_GATEWAY_AFTER_FORWARDING) {
        respond(exchange, 502, "<html>502 Bad Gateway</html>");
      } else {
        released.await(120, TimeUnit.SECONDS); // closing the exchange then drops the connection unanswered
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    URI uri = URI.create(target + exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/html");
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
