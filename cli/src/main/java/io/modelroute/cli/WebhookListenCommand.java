package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelroute.Json;
import io.modelroute.webhook.WebhookVerificationException;
import io.modelroute.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code modelroute webhooks listen}: a local webhook receiver for development. Every POST is
 * verified with {@link WebhookVerifier} and printed (time, event, execution, status, event id);
 * verified deliveries get {@code 200}, the rest {@code 401}. Point an endpoint at it with a server
 * that allows private networks ({@code serve --dev}).
 */
@Command(
    name = "listen",
    mixinStandardHelpOptions = true,
    description = "Receive webhooks locally: verify and print each delivery.",
    footer = {
      "",
      "Example:",
      "  modelroute serve --dev &",
      "  modelroute webhooks create http://localhost:9000/hooks      # prints the secret",
      "  modelroute webhooks listen --port 9000 --secret whsec_..."
    })
final class WebhookListenCommand implements Callable<Integer> {
  static final String SECRET_VARIABLE = "MODELROUTE_WEBHOOK_SECRET";
  private static final int MAX_BODY = 1024 * 1024;

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "9000",
      description = "Port to listen on (0 picks one; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface to bind (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--secret",
      paramLabel = "WHSEC",
      description = "The endpoint's secret (whsec_...). Default: $" + SECRET_VARIABLE + ".")
  String secret;

  @Option(names = "--json", description = "Print each verified payload as JSON too.")
  boolean json;

  @Option(
      names = "--max-events",
      paramLabel = "N",
      description = "Exit after N verified deliveries (default: run until stopped).")
  Integer maxEvents;

  private final CliEnvironment environment;

  WebhookListenCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    WebhookVerifier verifier = verifier();
    if (maxEvents != null && maxEvents < 1) {
      throw new ParameterException(spec.commandLine(), "--max-events must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch done = new CountDownLatch(maxEvents == null ? 1 : maxEvents);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handle(exchange, verifier, out, err, done);
          }
        });
    server.start();
    synchronized (out) {
      out.println(
          "listening on http://"
              + host
              + ":"
              + server.getAddress().getPort()
              + "/ (Ctrl-C to stop)");
      out.flush();
    }
    try {
      done.await();
    } finally {
      server.stop(0);
    }
    return ExitCodes.OK;
  }

  private void handle(
      HttpExchange exchange,
      WebhookVerifier verifier,
      PrintWriter out,
      PrintWriter err,
      CountDownLatch done)
      throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      answer(exchange, 405, "{\"error\":\"POST only\"}");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      answer(exchange, 413, "{\"error\":\"body too large\"}");
      return;
    }
    try {
      verifier.verify(exchange.getRequestHeaders()::getFirst, body);
    } catch (WebhookVerificationException e) {
      synchronized (out) {
        err.println(
            "rejected delivery from "
                + exchange.getRemoteAddress().getAddress().getHostAddress()
                + ": "
                + e.getMessage());
        err.flush();
      }
      answer(exchange, 401, "{\"error\":\"signature verification failed\"}");
      return;
    }
    JsonNode payload;
    try {
      payload = Json.mapper().readTree(body);
    } catch (IOException e) {
      payload = Json.mapper().createObjectNode();
    }
    synchronized (out) {
      out.println(
          String.join(
              "  ",
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              text(payload.path("event_type")),
              text(payload.path("execution_id")),
              text(payload.at("/data/status")),
              text(payload.path("id"))));
      if (json) {
        PrettyJson.print(out, payload);
      }
      out.flush();
    }
    answer(exchange, 200, "{\"received\":true}");
    if (maxEvents != null) {
      done.countDown();
    }
  }

  private WebhookVerifier verifier() {
    String s =
        secret != null && !secret.isBlank()
            ? secret.trim()
            : environment
                .variable(SECRET_VARIABLE)
                .orElseThrow(
                    () ->
                        new ParameterException(
                            spec.commandLine(),
                            "no secret: pass --secret whsec_... or set " + SECRET_VARIABLE));
    try {
      return new WebhookVerifier(s);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "invalid --secret: " + e.getMessage());
    }
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }
}
