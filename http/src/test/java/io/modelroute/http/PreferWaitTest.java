package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code Prefer: wait=N} (RFC 7240) whose wait runs out before the execution is terminal. */
class PreferWaitTest {
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

  @Test
  void aWaitThatRunsOutAnswers202WithPreferenceAppliedAndTheCurrentStateOfTheExecution()
      throws Exception {
    Request req =
        new Request.Builder()
            .url("http://localhost:" + server.port() + "/v1/executions")
            .header("Authorization", "Bearer " + key)
            .header("Prefer", "wait=2")
            .post(
                RequestBody.create(
                    "{\"model\":\"seedance-video\",\"input\":{\"prompt\":\"slow\",\"duration\":1}}",
                    MediaType.get("application/json")))
            .build();
    CompletableFuture<Response> answer = new CompletableFuture<>();
    http.newCall(req)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                answer.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                answer.complete(response);
              }
            });
    // while the request is parked the execution starts (the demo video job takes seconds of the
    // test clock,
    // which does not move): the answer must show it PROCESSING, not the PENDING of the create
    while (!answer.isDone()) {
      engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
      try {
        answer.get(50, TimeUnit.MILLISECONDS);
      } catch (TimeoutException notYet) {
        // keep driving
      }
    }
    try (Response r = answer.get()) {
      assertThat(r.code()).isEqualTo(202);
      assertThat(r.header("Preference-Applied")).isEqualTo("wait=2");
      JsonNode body = Json.readTree(r.body().string());
      assertThat(body.path("status").asText()).isEqualTo("PROCESSING");
      assertThat(body.path("started_at").isNull()).isFalse();
      assertThat(body.path("id").asText()).startsWith("exec_");
      assertThat(body.has("hold_amount")).isTrue();
      assertThat(body.has("expires_at")).isTrue();
    }
  }

  @Test
  void aCreateWithoutPreferWaitAnswersWithoutPreferenceApplied() throws Exception {
    Request req =
        new Request.Builder()
            .url("http://localhost:" + server.port() + "/v1/executions")
            .header("Authorization", "Bearer " + key)
            .post(
                RequestBody.create(
                    "{\"model\":\"seedance-video\",\"input\":{\"prompt\":\"async\",\"duration\":1}}",
                    MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(req).execute()) {
      assertThat(r.code()).isEqualTo(202);
      assertThat(r.header("Preference-Applied")).isNull();
      assertThat(Json.readTree(r.body().string()).path("status").asText()).isEqualTo("PENDING");
    }
  }
}
