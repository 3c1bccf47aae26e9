package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests Jetty rejects before any route runs (bad request line, bad headers, too long, wrong
 * version) answer in the error shape of docs/http-api.md too, never Jetty's HTML page or an empty
 * body.
 */
class MalformedRequestsTest {
  static TestEngine engine;
  static ModelRouteServer server;
  static int port;

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    // a short header deadline, so requests that never finish their head are closed quickly
    server =
        new ModelRouteServer(
                engine.modelRoute,
                ServerConfig.defaults(0).withConnectionLimits(java.time.Duration.ofSeconds(2), 0))
            .start();
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
    engine.close();
  }

  static JsonNode assertErrorShape(RawHttp.Answer a, int status, String code) {
    assertThat(a.closedWithoutAnswer()).as("an answer, not a bare close").isFalse();
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/json");
    JsonNode body = Json.readTree(a.body());
    assertThat(body.path("error").path("code").asText()).as(a.body()).isEqualTo(code);
    assertThat(body.path("error").path("request_id").asText()).startsWith("req_");
    assertThat(body.path("error").has("retryable")).isTrue();
    assertThat(body.path("error").path("message").asText()).isNotBlank().doesNotContain("<");
    assertThat(a.header("X-Request-Id")).isEqualTo(body.path("error").path("request_id").asText());
    return body;
  }

  @Test
  void headersOver8KbAnswer431InTheErrorShape() throws IOException {
    RawHttp.Answer a =
        RawHttp.send(
            port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");
    assertErrorShape(a, 431, "INPUT_VALIDATION_ERROR");
  }

  @Test
  void aTooLongUriAnswers414InTheErrorShape() throws IOException {
    RawHttp.Answer a =
        RawHttp.send(port, "GET /v1/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertErrorShape(a, 414, "INPUT_VALIDATION_ERROR");
  }

  @Test
  void anUnknownHttpVersionAnswers505InTheErrorShape() throws IOException {
    RawHttp.Answer a = RawHttp.send(port, "GET /healthz HTTP/3.7\r\nHost: x\r\n\r\n");
    assertErrorShape(a, 505, "INPUT_VALIDATION_ERROR");
  }

  @Test
  void aMalformedRequestLineAnswers400InTheErrorShape() throws IOException {
    assertErrorShape(
        RawHttp.send(port, "GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n"),
        400,
        "INPUT_VALIDATION_ERROR");
  }

  @Test
  void aHeaderWithoutColonAnswers400InTheErrorShape() throws IOException {
    assertErrorShape(
        RawHttp.send(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"),
        400,
        "INPUT_VALIDATION_ERROR");
  }

  @Test
  void aWrongMethodAnswers405InTheErrorShape() throws IOException {
    assertErrorShape(
        RawHttp.send(port, "DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        405,
        "METHOD_NOT_ALLOWED");
  }

  @Test
  void anOversizedDeclaredBodyAnswers413InTheErrorShape() throws IOException {
    RawHttp.Answer a =
        RawHttp.send(
            port,
            "POST /v1/executions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer "
                + engine
                    .modelRoute
                    .organizations()
                    .create("big", io.modelroute.Money.parse("1.00"))
                    .key()
                    .secret()
                + "\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n{");
    assertErrorShape(a, 413, "PAYLOAD_TOO_LARGE");
  }

  /**
   * About fifty malformed requests: each gets the error shape or a clean close; the server stays
   * up.
   */
  @Test
  void fuzzedMalformedRequestsAllAnswerInTheErrorShapeOrCloseAndTheServerStaysUp()
      throws IOException {
    List<byte[]> cases = new ArrayList<>();
    String h = "Host: x\r\n";
    for (String s :
        List.of(
            "GET\r\n\r\n",
            "GET /healthz\r\n" + h + "\r\n",
            "GET /healthz HTTP/1.1\r\n\r\n",
            "GET  /healthz HTTP/1.1\r\n" + h + "\r\n",
            "GET /healthz HTTP/9.9\r\n" + h + "\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + "Bad Header: x\r\n\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + "Foo : bar\r\n\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + "Fo(o: bar\r\n\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + "X: a\u0001b\r\n\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + " folded\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: exa mple\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: x:abc\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: [::1\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n" + h + "Content-Length: abc\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n"
                + h
                + "Content-Length: 99999999999999999999999\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n"
                + h
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "POST /v1/executions HTTP/1.1\r\n"
                + h
                + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: gzip, chunked, identity\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n" + h + "Transfer-Encoding: bogus\r\n\r\n",
            "GET /%zz HTTP/1.1\r\n" + h + "\r\n",
            "GET /v1/%2e%2e/admin HTTP/1.1\r\n" + h + "\r\n",
            "GET /../../etc/passwd HTTP/1.1\r\n" + h + "\r\n",
            "GET /v1/executions/%00 HTTP/1.1\r\n" + h + "\r\n",
            "GET /v1/executions?limit=%ZZ HTTP/1.1\r\n" + h + "\r\n",
            "GET /a\\b HTTP/1.1\r\n" + h + "\r\n",
            "GET http://[::1 HTTP/1.1\r\n" + h + "\r\n",
            "GET * HTTP/1.1\r\n" + h + "\r\n",
            "OPTIONS * HTTP/1.1\r\n" + h + "\r\n",
            "CONNECT x:443 HTTP/1.1\r\n" + h + "\r\n",
            "FOO /healthz HTTP/1.1\r\n" + h + "\r\n",
            "TRACE /healthz HTTP/1.1\r\n" + h + "\r\n",
            "get /healthz HTTP/1.1\r\n" + h + "\r\n",
            "GET\t/healthz\tHTTP/1.1\r\n" + h + "\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + "Expect: something-odd\r\n\r\n",
            "POST /v1/executions HTTP/1.1\r\n"
                + h
                + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n",
            "GET /healthz HTTP/1.1\r\n"
                + h
                + "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: !!\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "GET /" + "x".repeat(20_000) + " HTTP/1.1\r\n" + h + "\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + "X-A: " + "b".repeat(20_000) + "\r\n\r\n",
            "GET /healthz HTTP/1.1\r\n" + h + "X-A: 1\r\n".repeat(2_000) + "\r\n",
            "GET /healthz?" + "q=1&".repeat(3_000) + " HTTP/1.1\r\n" + h + "\r\n",
            "M".repeat(10_000) + " / HTTP/1.1\r\n" + h + "\r\n",
            "GET /healthz HTTP/1.1\n" + "Host: x\n\n",
            "GET /healthz HTTP/1.1\r\n" + h + "Content-Type: application/json; charset=\"\r\n\r\n",
            "\r\n\r\n\r\n\r\n",
            "HTTP/1.1 200 OK\r\n\r\n")) {
      cases.add(s.getBytes(StandardCharsets.ISO_8859_1));
    }
    cases.add(
        new byte[] {
          0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03
        }); // TLS ClientHello
    cases.add(
        "GET /\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    Random random = new Random(42);
    for (int i = 0; i < 4; i++) {
      byte[] junk = new byte[200 + random.nextInt(2000)];
      random.nextBytes(junk);
      cases.add(junk);
    }
    List<String> failures = new ArrayList<>();
    for (byte[] c : cases) {
      String label =
          new String(c, 0, Math.min(60, c.length), StandardCharsets.ISO_8859_1)
              .replace("\r\n", "\\r\\n");
      RawHttp.Answer a;
      try {
        a = RawHttp.send(port, c);
      } catch (IOException e) {
        failures.add(label + " -> " + e);
        continue;
      }
      if (a.closedWithoutAnswer()) {
        continue;
      }
      String problem = problem(a);
      if (problem != null) {
        failures.add(
            label
                + " -> "
                + a.status()
                + " "
                + problem
                + ": "
                + a.body().substring(0, Math.min(200, a.body().length())));
      }
    }
    assertThat(failures).as("requests answered outside the error shape").isEmpty();
    assertThat(
            RawHttp.send(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .status())
        .isEqualTo(200);
  }

  /**
   * Null when {@code a} is a fine answer: a 2xx/3xx of the API, or a 4xx/5xx in the error shape.
   */
  private static String problem(RawHttp.Answer a) {
    if (a.status() < 400) {
      return null;
    }
    String type = a.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return "content type " + type;
    }
    try {
      JsonNode e = Json.readTree(a.body()).path("error");
      if (e.path("code").asText().isEmpty()
          || !e.path("request_id").asText().startsWith("req_")
          || !e.has("retryable")) {
        return "not the error shape";
      }
    } catch (RuntimeException notJson) {
      return "not JSON";
    }
    return null;
  }
}
