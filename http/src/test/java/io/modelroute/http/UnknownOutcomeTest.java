package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A create whose answer the client never saw (the connection dropped; or a 5xx) is resolved by
 * sending it again with the same {@code Idempotency-Key}: the same execution, no second hold.
 */
class UnknownOutcomeTest {
  static final String CREATE =
      "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"a lighthouse\"}}";
  static TestEngine engine;
  static ModelRouteServer server;
  static OkHttpClient http;
  static String key;

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server = new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
    http = TestHttp.builder().callTimeout(Duration.ofSeconds(30)).build();
    key = engine.modelRoute.organizations().create("acme", Money.parse("10.00")).key().secret();
  }

  @AfterAll
  static void stop() {
    server.stop();
    engine.close();
  }

  static JsonNode get(String path) throws IOException {
    Request r =
        new Request.Builder()
            .url("http://localhost:" + server.port() + path)
            .header("Authorization", "Bearer " + key)
            .build();
    try (Response response = http.newCall(r).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return Json.readTree(response.body().string());
    }
  }

  @Test
  void aCreateTheClientNeverSawAnsweredIsResolvedByReplayingItsIdempotencyKey() throws IOException {
    byte[] body = CREATE.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket("localhost", server.port())) {
      s.getOutputStream()
          .write(
              ("POST /v1/executions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + key
                      + "\r\nContent-Type: application/json\r\nIdempotency-Key: order-4711\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n"
                      + CREATE)
                  .getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
    } // dropped before any answer was read
    JsonNode list = get("/v1/executions");
    for (int i = 0; i < 200 && list.path("data").isEmpty(); i++) {
      list = get("/v1/executions"); // the server finishes the create on its own time
    }
    assertThat(list.path("data")).hasSize(1);
    String firstId = list.path("data").get(0).path("id").asText();
    String heldAfterFirst = get("/v1/balance").path("held").asText();

    Request replay =
        new Request.Builder()
            .url("http://localhost:" + server.port() + "/v1/executions")
            .header("Authorization", "Bearer " + key)
            .header("Idempotency-Key", "order-4711")
            .post(RequestBody.create(CREATE, MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(replay).execute()) {
      assertThat(r.code()).isEqualTo(202);
      assertThat(r.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(Json.readTree(r.body().string()).path("id").asText()).isEqualTo(firstId);
    }
    assertThat(get("/v1/executions").path("data")).hasSize(1);
    assertThat(get("/v1/balance").path("held").asText()).isEqualTo(heldAfterFirst);
    assertThat(Money.parse(heldAfterFirst)).isGreaterThan(Money.ZERO);
  }
}
