package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our own PostgreSQL stopped under a running server: requests answer {@code 503
 * SERVICE_UNAVAILABLE}, retryable, with {@code Retry-After}, within about 2 s, and succeed again
 * once it is back. A private embedded PostgreSQL (not the shared test one), stopped and restarted
 * on the same port and data directory.
 */
class DatabaseOutageTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final String CREATE =
      "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"a lighthouse\"}}";

  Path pgData;
  int pgPort;
  EmbeddedPostgres pg;
  TestEngine engine;
  ModelRouteServer server;
  OkHttpClient http;
  String base;
  String key;

  @BeforeEach
  void start() throws IOException {
    pgData = Files.createTempDirectory("modelroute-outage-pg");
    pg = postgres(0);
    pgPort = pg.getPort();
    String url = pg.getJdbcUrl("postgres", "postgres");
    engine =
        TestEngine.withDefaultCatalog(
            Dialect.H2, b -> b.jdbcUrl(url).dbUser("postgres").dbPassword("postgres"));
    server = new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
    base = "http://localhost:" + server.port();
    http =
        TestHttp.builder()
            .callTimeout(Duration.ofSeconds(30))
            .retryOnConnectionFailure(false)
            .build();
    key = engine.modelRoute.organizations().create("acme", Money.parse("10.00")).key().secret();
  }

  private EmbeddedPostgres postgres(int port) throws IOException {
    EmbeddedPostgres.Builder b =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setServerConfig("fsync", "off");
    if (port != 0) {
      b.setPort(port);
    }
    return b.start();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop();
    }
    if (engine != null) {
      engine.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  record Reply(int status, JsonNode body, String retryAfter, long millis) {}

  Reply call(String method, String path, String json) throws IOException {
    Request.Builder b =
        new Request.Builder().url(base + path).header("Authorization", "Bearer " + key);
    b.method(method, json == null ? null : RequestBody.create(json, JSON));
    long t0 = System.nanoTime();
    try (Response r = http.newCall(b.build()).execute()) {
      String text = r.body().string();
      return new Reply(
          r.code(),
          text.isEmpty() ? null : Json.readTree(text),
          r.header("Retry-After"),
          (System.nanoTime() - t0) / 1_000_000);
    }
  }

  static void assertUnavailable(Reply r) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(503);
    assertThat(r.body().path("error").path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(r.body().path("error").path("retryable").asBoolean()).isTrue();
    assertThat(r.body().path("error").path("request_id").asText()).startsWith("req_");
    assertThat(r.body().path("error").path("message").asText())
        .doesNotContainIgnoringCase("sql")
        .doesNotContainIgnoringCase("hikari")
        .doesNotContainIgnoringCase("postgres");
    assertThat(r.retryAfter()).isNotNull();
    assertThat(Long.parseLong(r.retryAfter())).isPositive();
    assertThat(r.millis()).as("answered within about 2 s").isLessThan(3_500);
  }

  @Test
  void requestsAnswer503RetryableWithinTwoSecondsWhileTheDatabaseIsDownAndSucceedOnceItIsBack()
      throws IOException {
    Reply created = call("POST", "/v1/executions", CREATE);
    assertThat(created.status()).isEqualTo(202);
    String id = created.body().path("id").asText();

    pg.close();
    pg = null;
    assertUnavailable(call("GET", "/v1/executions/" + id, null));
    assertUnavailable(call("POST", "/v1/executions", CREATE));
    assertUnavailable(call("GET", "/v1/balance", null));
    Reply ready = call("GET", "/readyz", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.millis()).isLessThan(3_500);

    pg = postgres(pgPort);
    Reply after = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && (after == null || after.status() != 200)) {
      after = call("GET", "/v1/executions/" + id, null); // the pool reconnects on demand
      if (after.status() != 200) {
        assertUnavailable(after);
      }
    }
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body().path("id").asText()).isEqualTo(id);
    assertThat(call("POST", "/v1/executions", CREATE).status()).isEqualTo(202);
  }
}
