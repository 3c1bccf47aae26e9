package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/v1/providers} and {@code GET /admin/v1/queue}, the operator view's provider
 * health and queue.
 */
class OperatorAdminApiTest {
  static final String TOKEN = "admin-token-operator-1234";
  TestEngine engine;
  ModelRouteServer server;
  String base;
  String key;
  final OkHttpClient http = TestHttp.client();

  @BeforeEach
  void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server =
        new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0).withAdminToken(TOKEN))
            .start();
    base = "http://localhost:" + server.port();
    key =
        engine
            .modelRoute
            .organizations()
            .create("operator-api", Money.parse("25.00"))
            .key()
            .secret();
  }

  @AfterEach
  void stop() {
    server.stop();
    engine.close();
  }

  @Test
  void providerHealthAndTheQueueNeedTheAdminToken() throws IOException {
    for (String path : new String[] {"/admin/v1/providers", "/admin/v1/queue"}) {
      assertThat(get(path, null).status()).as(path).isEqualTo(401);
      assertThat(get(path, "wrong-token-wrong-token").status()).as(path).isEqualTo(401);
      assertThat(get(path, key).status()).as(path + " with a tenant key").isEqualTo(401);
      assertThat(get(path, null).body().path("error").path("code").asText())
          .isEqualTo("UNAUTHORIZED");
    }
  }

  @Test
  void aProviderModelWhoseBreakerOpenedAfterFailuresShowsOpenWithItsRecentErrors()
      throws IOException {
    for (int i = 0; i < 5; i++) { // the default threshold: five consecutive retryable failures
      submit("demo-overloaded");
    }
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());

    Reply r = get("/admin/v1/providers", TOKEN);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().get("node_id").asText()).isEqualTo("test-node");
    assertThat(r.body().get("recent_errors_kept").asInt()).isEqualTo(20);
    JsonNode demo = provider(r.body(), "demo");
    assertThat(demo.get("circuit_state").asText())
        .as("every model of it called so far is open")
        .isEqualTo("OPEN");
    assertThat(demo.get("circuits")).hasSize(1);
    assertThat(demo.at("/circuits/0/provider_model").asText()).isEqualTo("demo-overloaded");
    assertThat(demo.at("/circuits/0/state").asText()).isEqualTo("OPEN");
    assertThat(demo.get("recent_errors")).hasSize(5);
    assertThat(demo.at("/recent_errors/0/code").asText()).isEqualTo("MODEL_OVERLOADED");
    assertThat(demo.at("/recent_errors/0/provider_model").asText()).isEqualTo("demo-overloaded");
    assertThat(demo.at("/recent_errors/0/retryable").asBoolean()).isTrue();
    assertThat(demo.get("error_counts").get("MODEL_OVERLOADED").asInt()).isEqualTo(5);
    assertThat(demo.get("in_flight").asInt())
        .as("the failed attempts gave their permits back")
        .isZero();
    assertThat(demo.get("max_concurrent").isNull())
        .as("the local demo provider's jobs are unbounded")
        .isTrue();
    assertThat(demo.get("shared_limit").isNull()).as("one node on H2").isTrue();
  }

  @Test
  void aStartedJobCountsInFlightAndAWorkingModelNextToAnOpenOneMakesTheProviderHalfOpen()
      throws IOException {
    for (int i = 0; i < 5; i++) {
      submit("demo-overloaded");
    }
    submit("flux-1.1-pro"); // the demo provider starts a job that is ready after 1.5 s: awaited, in
    // flight
    submit("flux-1.1-pro");
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());

    JsonNode demo = provider(get("/admin/v1/providers", TOKEN).body(), "demo");
    assertThat(demo.get("in_flight").asInt()).isEqualTo(2);
    assertThat(demo.get("circuit_state").asText()).isEqualTo("HALF_OPEN");
    assertThat(demo.get("circuits").findValuesAsText("provider_model"))
        .containsExactly("demo-image", "demo-overloaded");
    assertThat(demo.get("circuits").findValuesAsText("state")).containsExactly("CLOSED", "OPEN");
  }

  @Test
  void theQueueCountsUnfinishedExecutionsByStatusAndModel() throws IOException {
    submit("flux-1.1-pro");
    submit("demo-overloaded");
    engine
        .modelRoute
        .dispatcher()
        .runOnce(engine.clock.instant()); // a job awaited, a retry parked: both PROCESSING
    submit("flux-1.1-pro");
    submit("flux-schnell");
    String cancelled = submit("flux-schnell");
    try (Response c =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/executions/" + cancelled + "/cancel")
                    .header("Authorization", "Bearer " + key)
                    .post(RequestBody.create(new byte[0]))
                    .build())
            .execute()) {
      assertThat(c.code()).isEqualTo(200);
    }

    Reply r = get("/admin/v1/queue", TOKEN);
    assertThat(r.status()).isEqualTo(200);
    JsonNode q = r.body();
    assertThat(q.get("pending").asLong()).isEqualTo(2);
    assertThat(q.get("processing").asLong()).isEqualTo(2);
    assertThat(q.get("awaiting_webhook").asLong()).isZero();
    assertThat(q.get("total").asLong()).isEqualTo(4);
    assertThat(q.get("due_now").asLong())
        .as("the two new ones; the others are due later")
        .isEqualTo(2);
    assertThat(q.get("by_model").findValuesAsText("model"))
        .containsExactly("demo-overloaded", "flux-1.1-pro", "flux-schnell");
    JsonNode flux = q.get("by_model").get(1);
    assertThat(flux.get("pending").asLong()).isEqualTo(1);
    assertThat(flux.get("processing").asLong()).isEqualTo(1);
    assertThat(flux.get("total").asLong()).isEqualTo(2);
  }

  record Reply(int status, JsonNode body) {}

  Reply get(String path, String bearer) throws IOException {
    Request.Builder b = new Request.Builder().url(base + path);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      return new Reply(r.code(), Json.readTree(r.body().string()));
    }
  }

  String submit(String model) throws IOException {
    String body = "{\"model\":\"" + model + "\",\"input\":{\"prompt\":\"a lighthouse\"}}";
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/executions")
                    .header("Authorization", "Bearer " + key)
                    .post(RequestBody.create(body, MediaType.get("application/json")))
                    .build())
            .execute()) {
      String text = r.body().string();
      assertThat(r.code()).as(text).isEqualTo(202);
      return Json.readTree(text).get("id").asText();
    }
  }

  static JsonNode provider(JsonNode list, String name) {
    for (JsonNode p : list.get("data")) {
      if (p.get("provider").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no provider " + name + " in " + list);
  }
}
