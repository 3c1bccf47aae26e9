package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Permission;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API over a real server on a random port, real HTTP, real H2. */
class HttpApiTest {
  static final MediaType JSON = MediaType.get("application/json");
  static TestEngine engine;
  static ModelRouteServer server;
  static OkHttpClient http;
  static String base;
  static String key;
  static String orgId;
  static final AtomicInteger ORGANIZATIONS = new AtomicInteger();

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server =
        new ModelRouteServer(
                engine.modelRoute, ServerConfig.defaults(0).withAdminToken("admin-token-123456"))
            .start();
    http = TestHttp.builder().callTimeout(Duration.ofSeconds(30)).build();
    base = "http://localhost:" + server.port();
  }

  /**
   * Each test its own organization, key and rate-limit bucket: no test sees another's executions or
   * spend.
   */
  @BeforeEach
  void organization() {
    var created =
        engine
            .modelRoute
            .organizations()
            .create("acme " + ORGANIZATIONS.incrementAndGet(), io.modelroute.Money.parse("25.00"));
    key = created.key().secret();
    orgId = created.organization().id();
  }

  @AfterAll
  static void stop() {
    server.stop();
    engine.close();
  }

  record Reply(int status, JsonNode body, Response raw) {}

  static Reply call(String method, String path, String json, String bearer, String contentType)
      throws IOException {
    Request.Builder b = new Request.Builder().url(base + path);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    RequestBody body =
        json == null
            ? (method.equals("POST") ? RequestBody.create(new byte[0]) : null)
            : RequestBody.create(
                json.getBytes(), contentType == null ? null : MediaType.get(contentType));
    b.method(method, body);
    try (Response r = http.newCall(b.build()).execute()) {
      String text = r.body().string();
      JsonNode node = text.isEmpty() ? null : Json.readTree(text);
      return new Reply(r.code(), node, r);
    }
  }

  static Reply post(String path, String json) throws IOException {
    return call("POST", path, json, key, "application/json");
  }

  static Reply get(String path) throws IOException {
    return call("GET", path, null, key, null);
  }

  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.body().path("error").path("code").asText()).isEqualTo(code);
    assertThat(r.body().path("error").path("request_id").asText()).startsWith("req_");
    assertThat(r.body().path("error").has("retryable")).isTrue();
    assertThat(r.raw().header("X-Request-Id"))
        .isEqualTo(r.body().path("error").path("request_id").asText());
  }

  static String detailCode(Reply r) {
    return r.body().path("error").path("details").path(0).path("code").asText();
  }

  @Test
  void theDocumentedCreateAnswers202WithExactlyTheDocumentedFieldsAndReachesACompletedPng()
      throws Exception {
    Request req =
        new Request.Builder()
            .url(base + "/v1/executions")
            .header("Authorization", "Bearer " + key)
            .header("Idempotency-Key", "my-unique-key-123")
            .post(
                RequestBody.create(
                    "{\"model\": \"flux-1.1-pro\", \"input\": {\"prompt\": \"A futuristic city skyline at sunset\"}}",
                    JSON))
            .build();
    String id;
    try (Response r = http.newCall(req).execute()) {
      assertThat(r.code()).isEqualTo(202);
      JsonNode body = Json.readTree(r.body().string());
      assertThat(body.fieldNames())
          .toIterable()
          .containsExactly(
              "id", "status", "model", "hold_amount", "estimated_cost", "expires_at", "created_at");
      assertThat(body.get("hold_amount").asText()).isEqualTo("0.048");
      assertThat(body.get("estimated_cost").asText()).isEqualTo("0.040");
      assertThat(body.get("id").asText()).matches("exec_[0-9a-f-]{36}");
      assertThat(r.header("X-RateLimit-Limit")).isEqualTo("120");
      assertThat(r.header("X-RateLimit-Remaining")).isNotNull();
      assertThat(r.header("X-RateLimit-Reset")).isNotNull();
      id = body.get("id").asText();
    }
    try (Response again = http.newCall(req).execute()) {
      assertThat(again.code()).isEqualTo(202);
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(Json.readTree(again.body().string()).get("id").asText()).isEqualTo(id);
    }
    assertError(get("/v1/executions/" + id + "/result"), 409, "CONFLICT");
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(Duration.ofSeconds(2));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    Reply exec = get("/v1/executions/" + id);
    assertThat(exec.body().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(exec.body().get("cost").asText()).isEqualTo("0.040");
    assertThat(exec.body().toString()).doesNotContain("demo");
    Reply result = get("/v1/executions/" + id + "/result");
    assertThat(result.status()).isEqualTo(200);
    String fileId = result.body().at("/output/images/0/file_id").asText();
    assertThat(result.body().at("/output/images/0/width").asInt()).isEqualTo(1024);
    try (Response png =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/files/" + fileId + "/download")
                    .header("Authorization", "Bearer " + key)
                    .build())
            .execute()) {
      assertThat(png.code()).isEqualTo(200);
      assertThat(png.header("Content-Type")).isEqualTo("image/png");
      assertThat(png.header("ETag")).isNotBlank();
      byte[] bytes = png.body().bytes();
      assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
      assertThat(Long.parseLong(png.header("Content-Length"))).isEqualTo(bytes.length);
    }
    try (Response part =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/files/" + fileId + "/download")
                    .header("Authorization", "Bearer " + key)
                    .header("Range", "bytes=1-3")
                    .build())
            .execute()) {
      assertThat(part.code()).isEqualTo(206);
      assertThat(part.body().string()).isEqualTo("PNG");
    }
    Reply balance = get("/v1/balance");
    assertThat(balance.body().get("currency").asText()).isEqualTo("USD");
    JsonNode ledger = get("/v1/balance/transactions?limit=100").body().get("data");
    String capture = null;
    for (JsonNode entry : ledger) {
      if (id.equals(entry.path("execution_id").asText())
          && entry.get("type").asText().equals("CAPTURE")) {
        capture = entry.get("amount").asText();
      }
    }
    assertThat(capture).isEqualTo("0.040");
  }

  @Test
  void badRequestsGetTheErrorShapeAndNeverA500() throws Exception {
    assertError(call("GET", "/v1/executions", null, null, null), 401, "UNAUTHORIZED");
    assertError(call("GET", "/v1/executions", null, "sk_123", null), 401, "UNAUTHORIZED");
    assertError(
        call("GET", "/v1/executions", null, key.substring(0, 70) + "000000", null),
        401,
        "UNAUTHORIZED");
    assertError(
        call("POST", "/v1/executions", "{\"model\":\"flux-1.1-pro\"}", key, "text/plain"),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    Reply malformed = post("/v1/executions", "{\"model\": ");
    assertError(malformed, 400, "INPUT_VALIDATION_ERROR");
    Reply unknown =
        post(
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"x\"},\"colour\":1}");
    assertError(unknown, 400, "INPUT_VALIDATION_ERROR");
    assertThat(detailCode(unknown)).isEqualTo("UNKNOWN_FIELD");
    Reply wrongType = post("/v1/executions", "{\"model\":42,\"input\":[]}");
    assertThat(wrongType.body().at("/error/details").findValuesAsText("code"))
        .containsOnly("INVALID_TYPE");
    Reply range =
        post(
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"x\",\"width\":99999999999999999999999}}");
    assertError(range, 400, "INPUT_VALIDATION_ERROR");
    assertThat(range.body().at("/error/details/0/field").asText()).isEqualTo("input.width");
    Reply missing = post("/v1/executions", "{\"model\":\"flux-1.1-pro\",\"input\":{}}");
    assertThat(detailCode(missing)).isEqualTo("REQUIRED");
    assertThat(missing.body().at("/error/details/0/field").asText()).isEqualTo("input.prompt");
    Reply rawUrl =
        post(
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"https://evil.example/cat.png\"}}");
    assertThat(detailCode(rawUrl)).isEqualTo("RAW_URL_NOT_ALLOWED");
    Reply noModel =
        post("/v1/executions", "{\"model\":\"no-such-model\",\"input\":{\"prompt\":\"x\"}}");
    assertThat(noModel.body().at("/error/details/0/field").asText()).isEqualTo("model");
    String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
    assertError(post("/v1/executions", deep), 400, "INPUT_VALIDATION_ERROR");
    assertError(post("/v1/executions", "[1,2,3]"), 400, "INPUT_VALIDATION_ERROR");
    assertError(
        post(
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\""
                + "x".repeat(1_100_000)
                + "\"}}"),
        413,
        "PAYLOAD_TOO_LARGE");
    assertError(get("/v1/nothing-here"), 404, "NOT_FOUND");
    assertError(call("DELETE", "/v1/executions", null, key, null), 405, "METHOD_NOT_ALLOWED");
    assertError(get("/v1/executions/exec_00000000-0000-0000-0000-000000000000"), 404, "NOT_FOUND");
    assertError(get("/v1/executions/not-an-id"), 404, "NOT_FOUND");
    assertError(get("/v1/executions?limit=1000"), 400, "INPUT_VALIDATION_ERROR");
    assertError(get("/v1/executions?created_after=yesterday"), 400, "INPUT_VALIDATION_ERROR");
    assertError(get("/v1/executions?status=DONE"), 400, "INPUT_VALIDATION_ERROR");
  }

  @Test
  void executionOnlyKeysCannotReachBillingOrKeysAndOtherOrganizationsSeeNothing() throws Exception {
    String limited =
        engine.modelRoute.apiKeys().create(orgId, "app", Permission.EXECUTION_ONLY).secret();
    assertError(call("GET", "/v1/balance", null, limited, null), 403, "FORBIDDEN");
    assertError(call("GET", "/v1/api-keys", null, limited, null), 403, "FORBIDDEN");
    assertThat(call("GET", "/v1/executions", null, limited, null).status()).isEqualTo(200);
    String id =
        post("/v1/executions", "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"mine\"}}")
            .body()
            .get("id")
            .asText();
    String stranger =
        engine
            .modelRoute
            .organizations()
            .create("stranger", io.modelroute.Money.parse("1.00"))
            .key()
            .secret();
    assertError(call("GET", "/v1/executions/" + id, null, stranger, null), 404, "NOT_FOUND");
    assertError(
        call("POST", "/v1/executions/" + id + "/cancel", null, stranger, null), 404, "NOT_FOUND");
    assertThat(
            call("POST", "/v1/executions/" + id + "/cancel", null, key, null)
                .body()
                .get("status")
                .asText())
        .isEqualTo("CANCELLED");
  }

  @Test
  void keysCanBeCreatedListedRotatedAndRevokedOverHttp() throws Exception {
    Reply created = post("/v1/api-keys", "{\"label\":\"ci\",\"permission\":\"EXECUTION_ONLY\"}");
    assertThat(created.status()).isEqualTo(201);
    String newKey = created.body().get("key").asText();
    String keyId = created.body().get("id").asText();
    assertThat(get("/v1/api-keys").body().toString()).contains(keyId).doesNotContain(newKey);
    Reply rotated = post("/v1/api-keys/" + keyId + "/rotate", null);
    assertThat(rotated.body().get("new_key").asText()).startsWith("sk_");
    assertThat(call("GET", "/v1/executions", null, newKey, null).status()).isEqualTo(200);
    assertThat(call("DELETE", "/v1/api-keys/" + keyId, null, key, null).status()).isEqualTo(200);
    assertError(
        call("GET", "/v1/executions", null, rotated.body().get("new_key").asText(), null),
        401,
        "UNAUTHORIZED");
  }

  @Test
  void unauthorizedAnswersCarryABearerChallengeNamingAnInvalidTokenWhenOneWasSent()
      throws Exception {
    // a plain client: this test reads the header itself rather than relying on the OpenAPI check
    OkHttpClient plain = new OkHttpClient();
    String[][] cases = {
      {"/v1/executions", null, "Bearer realm=\"modelroute\""},
      {"/v1/executions", "Bearer sk_123", "Bearer realm=\"modelroute\", error=\"invalid_token\""},
      {"/v1/executions", "Basic dXNlcjpwYXNz", "Bearer realm=\"modelroute\""},
      {"/admin/v1/organizations", null, "Bearer realm=\"modelroute\""},
      {
        "/admin/v1/organizations",
        "Bearer wrong-token-wrong-token",
        "Bearer realm=\"modelroute\", error=\"invalid_token\""
      },
    };
    for (String[] c : cases) {
      Request.Builder b = new Request.Builder().url(base + c[0]);
      if (c[1] != null) {
        b.header("Authorization", c[1]);
      }
      try (Response r = plain.newCall(b.build()).execute()) {
        assertThat(r.code()).as(c[0] + " with " + c[1]).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as(c[0] + " with " + c[1]).isEqualTo(c[2]);
      }
    }
    assertThat(get("/v1/executions").raw().header("WWW-Authenticate")).isNull();
  }

  @Test
  void adminRoutesNeedTheAdminToken() throws Exception {
    assertError(
        call("GET", "/admin/v1/organizations", null, "wrong-token-wrong-token", null),
        401,
        "UNAUTHORIZED");
    Reply created =
        call(
            "POST",
            "/admin/v1/organizations",
            "{\"name\":\"beta\",\"credit\":\"5.00\"}",
            "admin-token-123456",
            "application/json");
    assertThat(created.status()).isEqualTo(201);
    String org = created.body().get("id").asText();
    Reply credited =
        call(
            "POST",
            "/admin/v1/organizations/" + org + "/credit",
            "{\"amount\":\"2.50\"}",
            "admin-token-123456",
            "application/json");
    assertThat(credited.body().get("balance").asText()).isEqualTo("7.500");
    assertThat(
            call("GET", "/admin/v1/ledger/check", null, "admin-token-123456", null)
                .body()
                .get("ok")
                .asBoolean())
        .isTrue();
  }

  @Test
  void organizationsCreatedAtOnceUnderOneNameGiveOne201AndOtherwise409() throws Exception {
    int requests = 8;
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(requests);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(requests);
    try {
      java.util.List<java.util.concurrent.Future<Reply>> replies = new java.util.ArrayList<>();
      for (int i = 0; i < requests; i++) {
        replies.add(
            pool.submit(
                () -> {
                  together.await();
                  return call(
                      "POST",
                      "/admin/v1/organizations",
                      "{\"name\":\"racing\"}",
                      "admin-token-123456",
                      "application/json");
                }));
      }
      java.util.List<Integer> statuses = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<Reply> reply : replies) {
        Reply r = reply.get();
        statuses.add(r.status());
        if (r.status() == 409) {
          assertError(r, 409, "CONFLICT");
        }
      }
      assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listTimeBoundsTakeWhatJavasOwnTimeTypesPrintIncludingWholeMinutesAndOffsets()
      throws Exception {
    // OffsetDateTime.toString() leaves out zero seconds: a Java client sending a created_at it read
    // back got a 400 whenever that time fell on a whole minute (seen in GsonListExecutionsTest)
    for (String t :
        new String[] {
          "2026-03-20T10:30Z", "2026-03-20T10:30:00Z", "2026-03-20T11:30:00.5+01:00", "1774002600"
        }) {
      assertThat(
              get("/v1/executions?created_before=" + java.net.URLEncoder.encode(t, "UTF-8"))
                  .status())
          .as(t)
          .isEqualTo(200);
    }
    assertError(get("/v1/executions?created_before=2026-03-20"), 400, "INPUT_VALIDATION_ERROR");
    assertError(
        get("/v1/executions?created_before=2026-03-20T10:30"), 400, "INPUT_VALIDATION_ERROR");
  }

  @Test
  void modelsAreListedWithoutProviders() throws Exception {
    Reply models = get("/v1/models");
    assertThat(models.body().get("data").findValuesAsText("slug"))
        .contains("flux-1.1-pro", "seedance-video", "text-generation-standard");
    assertThat(models.body().toString()).doesNotContain("\"demo\"").doesNotContain("routes");
    assertThat(get("/v1/models/flux-1.1-pro").body().at("/pricing/price").asText())
        .isEqualTo("0.040");
  }

  @Test
  void aKeyOverItsRateLimitGets429WithRetryAfter() throws Exception {
    try (ModelRouteServer limited =
        new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0).withRateLimit(1, 3))
            .start()) {
      String url = "http://localhost:" + limited.port() + "/v1/executions";
      int ok = 0;
      Response last = null;
      for (int i = 0; i < 4; i++) {
        try (Response r =
            http.newCall(
                    new Request.Builder().url(url).header("Authorization", "Bearer " + key).build())
                .execute()) {
          if (r.code() == 200) {
            ok++;
            assertThat(r.header("X-RateLimit-Limit")).isEqualTo("3");
          }
          last = r;
          if (r.code() == 429) {
            JsonNode body = Json.readTree(r.body().string());
            assertThat(body.at("/error/code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(body.at("/error/retryable").asBoolean()).isTrue();
          }
        }
      }
      assertThat(ok).isEqualTo(3);
      assertThat(last.code()).isEqualTo(429);
      assertThat(last.header("Retry-After")).isEqualTo("1");
      assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");
    }
  }

  @Test
  void aSyncRequestIsParkedUntilTheExecutionCompletesAndAnswers200WithTheFullObject()
      throws Exception {
    Request req =
        new Request.Builder()
            .url(base + "/v1/executions")
            .header("Authorization", "Bearer " + key)
            .header("Prefer", "wait=30")
            .post(
                RequestBody.create(
                    "{\"model\":\"text-generation-standard\",\"input\":{\"prompt\":\"sync\"}}",
                    JSON))
            .build();
    java.util.concurrent.CompletableFuture<Response> answer =
        new java.util.concurrent.CompletableFuture<>();
    http.newCall(req)
        .enqueue(
            new okhttp3.Callback() {
              @Override
              public void onFailure(okhttp3.Call call, IOException e) {
                answer.completeExceptionally(e);
              }

              @Override
              public void onResponse(okhttp3.Call call, Response response) {
                answer.complete(response);
              }
            });
    // the request is parked; drive the engine until the execution is done
    java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
    while (!answer.isDone() && java.time.Instant.now().isBefore(deadline)) {
      engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
      engine.clock.advance(Duration.ofSeconds(1));
      try {
        answer.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        // keep driving
      }
    }
    try (Response r = answer.get()) {
      assertThat(r.code()).isEqualTo(200);
      JsonNode body = Json.readTree(r.body().string());
      assertThat(body.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(body.at("/result/text").asText()).isNotBlank();
    }
  }

  @Test
  void aSyncRequestWhoseWaitRunsOutAnswers202() throws Exception {
    Request req =
        new Request.Builder()
            .url(base + "/v1/executions")
            .header("Authorization", "Bearer " + key)
            .post(
                RequestBody.create(
                    "{\"model\":\"text-generation-standard\",\"mode\":\"SYNC\",\"input\":{\"prompt\":\"slow\"}}",
                    JSON))
            .header("Prefer", "wait=1")
            .build();
    try (Response r = http.newCall(req).execute()) {
      assertThat(r.code()).isEqualTo(202);
      assertThat(Json.readTree(r.body().string()).get("status").asText()).isEqualTo("PENDING");
    }
    assertThat(engine.modelRoute.watch().waiting()).isZero();
  }

  @Test
  void theEventStreamOfAFinishedExecutionReplaysItsStateAndEnds() throws Exception {
    String id =
        post(
                "/v1/executions",
                "{\"model\":\"text-generation-standard\",\"input\":{\"prompt\":\"events\"}}")
            .body()
            .get("id")
            .asText();
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(Duration.ofSeconds(2));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/executions/" + id + "/events")
                    .header("Authorization", "Bearer " + key)
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      String text = r.body().string();
      assertThat(text)
          .containsSubsequence(
              "event: execution.state",
              "\"status\":\"COMPLETED\"",
              "event: execution.started",
              "\"id\":\"evt_",
              "event: execution.completed");
    }
    assertError(
        call(
            "GET",
            "/v1/executions/" + id + "/events",
            null,
            engine
                .modelRoute
                .organizations()
                .create("peeker", io.modelroute.Money.parse("1.00"))
                .key()
                .secret(),
            null),
        404,
        "NOT_FOUND");
  }

  @Test
  void healthAndReadinessAnswer() throws Exception {
    assertThat(call("GET", "/healthz", null, null, null).status()).isEqualTo(200);
    assertThat(call("GET", "/readyz", null, null, null).status()).isEqualTo(200);
  }

  @Test
  void metricsArePublishedInPrometheusFormat() throws Exception {
    post("/v1/executions", "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"metrics\"}}");
    get("/v1/models");
    try (Response r =
        http.newCall(new Request.Builder().url(base + "/metrics").build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/plain");
      String text = r.body().string();
      assertThat(text)
          .contains("http_server_requests_seconds_bucket{")
          .contains("route=\"/v1/models\"")
          .contains("modelroute_executions_accepted_total{model=\"flux-1.1-pro\"}")
          .contains("modelroute_queue_depth")
          .contains("modelroute_balance_held_usd")
          .contains("modelroute_webhook_deliveries{status=\"PENDING\"}")
          .contains("jvm_threads_live_threads");
    }
  }
}
