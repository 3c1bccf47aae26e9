package io.modelroute.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.auth.Principal;
import io.modelroute.execution.CreateExecution;
import io.modelroute.webhook.WebhookEndpointRequest;
import io.modelroute.webhook.WebhookVerificationException;
import io.modelroute.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver: verifies every delivery with {@link WebhookVerifier} before reading it,
 * answers 401 to anything unsigned, forged or replayed, ignores repeats of an event id (deliveries
 * are at least once) and answers 2xx fast.
 *
 * <p>{@link #main} runs it against an embedded ModelRoute: registers the receiver as an endpoint,
 * submits an image execution and waits for {@code execution.completed}. Run it through its test
 * ({@code mvn -pl examples -am test}).
 */
public final class WebhookReceiverExample implements AutoCloseable {
  private final WebhookVerifier verifier;
  private final HttpServer server;
  private final Set<String> seenEventIds = ConcurrentHashMap.newKeySet();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch completed = new CountDownLatch(1);

  /**
   * Listens on {@code port} of the loopback interface (0 picks one) for deliveries signed with
   * {@code secret}.
   */
  public WebhookReceiverExample(int port, String secret) throws IOException {
    this.verifier = new WebhookVerifier(secret);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/webhooks/modelroute",
        exchange -> {
          try (exchange) {
            handle(exchange);
          }
        });
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    // docs:begin verify
    byte[] rawBody;
    try (InputStream in = exchange.getRequestBody()) {
      rawBody = in.readAllBytes(); // the exact bytes: never verify a re-serialised body
    }
    try {
      // any (name) -> value lookup of the headers, or a Map<String, List<String>>
      verifier.verify(exchange.getRequestHeaders()::getFirst, rawBody);
    } catch (WebhookVerificationException e) {
      System.out.println("rejected: " + e.getMessage()); // which check failed
      exchange.sendResponseHeaders(401, -1);
      return;
    }
    // docs:end verify
    JsonNode event = Json.mapper().readTree(rawBody);
    if (seenEventIds.add(event.get("id").asText())) { // a retry may bring the same event again
      events.add(event);
      System.out.println(
          "received "
              + event.get("event_type").asText()
              + " for "
              + event.get("execution_id").asText()
              + ": "
              + event.at("/data/status").asText());
      if (event.get("event_type").asText().equals("execution.completed")) {
        completed.countDown();
      }
    }
    exchange.sendResponseHeaders(204, -1); // answer at once; do slow work elsewhere
  }

  /** The URL to register. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/modelroute";
  }

  /** The verified events, in arrival order, each once. */
  public List<JsonNode> events() {
    return List.copyOf(events);
  }

  /** Waits for a verified {@code execution.completed}. */
  public boolean awaitCompleted(long seconds) throws InterruptedException {
    return completed.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("modelroute-webhooks"));
  }

  /** The example: returns the verified events the receiver got. */
  static List<JsonNode> run(Path dataDir) throws Exception {
    ModelRouteConfig config =
        ModelRouteConfig.builder()
            .dataDir(dataDir)
            .allowPrivateWebhooks(
                true) // the receiver is on localhost; a production server keeps this off
            .build();
    try (ModelRoute mr = ModelRoute.start(config)) {
      var org =
          mr.organizations().create("webhook-example-" + System.nanoTime(), Money.parse("5.00"));
      Principal caller = mr.apiKeys().authenticate(org.key().secret());

      // 1. Register the endpoint; its secret is shown only now (over HTTP: POST
      // /v1/webhooks/endpoints).
      int port = freePort();
      var endpoint =
          mr.webhooks()
              .create(
                  caller.orgId(),
                  WebhookEndpointRequest.of("http://127.0.0.1:" + port + "/webhooks/modelroute"));
      System.out.println(
          "registered " + endpoint.endpoint().id() + " -> " + endpoint.endpoint().url());

      // 2. Receive with that secret.
      try (WebhookReceiverExample receiver = new WebhookReceiverExample(port, endpoint.secret())) {
        // 3. Run something; the events arrive on their own.
        var input =
            Json.readObject(
                "{\"prompt\": \"a lighthouse in a storm\", \"width\": 256, \"height\": 256}");
        String id =
            mr.executions()
                .create(caller, CreateExecution.of("flux-1.1-pro", input), null, null)
                .executionId();
        System.out.println("submitted " + id);
        if (!receiver.awaitCompleted(30)) {
          throw new IllegalStateException(
              "no execution.completed arrived; received " + receiver.events());
        }
        return receiver.events();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
