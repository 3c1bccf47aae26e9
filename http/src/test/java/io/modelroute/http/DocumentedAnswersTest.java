package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.file.TestFiles;
import java.io.IOException;
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
 * Answers the rest of the suite does not provoke, each checked against the OpenAPI document by the
 * validating client: the admin reads (with the attempt trail), the balance and idempotency errors
 * of a create, state conflicts, missing objects, the key limit and a signed download's 304.
 */
class DocumentedAnswersTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final String ADMIN = "admin-token-123456";
  static TestEngine engine;
  static ModelRouteServer server;
  static OkHttpClient http;
  static String base;
  static String key;
  static String orgId;

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server =
        new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0).withAdminToken(ADMIN))
            .start();
    http = TestHttp.client();
    base = "http://localhost:" + server.port();
    var created = engine.modelRoute.organizations().create("documented", Money.parse("25.00"));
    key = created.key().secret();
    orgId = created.organization().id();
  }

  @AfterAll
  static void stop() {
    server.stop();
    engine.close();
  }

  record Reply(int status, JsonNode body, Response raw) {}

  static Reply call(String method, String path, String json, String bearer, String... headers)
      throws IOException {
    Request.Builder b = new Request.Builder().url(base + path);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    RequestBody body =
        json == null
            ? (method.equals("POST") ? RequestBody.create(new byte[0]) : null)
            : RequestBody.create(json, JSON);
    b.method(method, body);
    try (Response r = http.newCall(b.build()).execute()) {
      String text = r.body().string();
      return new Reply(r.code(), text.isEmpty() ? null : Json.readTree(text), r);
    }
  }

  @Test
  void aCompletedExecutionReadsAsDocumentedByTenantAndOperator() throws Exception {
    Reply accepted =
        call(
            "POST",
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"a red fox\"}}",
            key);
    assertThat(accepted.status()).isEqualTo(202);
    String id = accepted.body().get("id").asText();
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(Duration.ofSeconds(2));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    assertThat(call("GET", "/v1/executions/" + id, null, key).body().get("status").asText())
        .isEqualTo("COMPLETED");
    assertThat(call("POST", "/v1/executions/" + id + "/cancel", null, key).status()).isEqualTo(409);

    Reply operator = call("GET", "/admin/v1/executions/" + id, null, ADMIN);
    assertThat(operator.status()).isEqualTo(200);
    assertThat(operator.body().get("attempt_trail")).isNotEmpty();
    assertThat(call("GET", "/admin/v1/organizations", null, ADMIN).status()).isEqualTo(200);
    Reply org = call("GET", "/admin/v1/organizations/" + orgId, null, ADMIN);
    assertThat(org.status()).isEqualTo(200);
    assertThat(org.body().path("balance").path("currency").asText()).isEqualTo("USD");
  }

  @Test
  void missingObjectsAnswer404InTheDocumentedShape() throws Exception {
    String missingExec = "exec_00000000-0000-4000-8000-000000000000";
    assertThat(call("GET", "/v1/executions/" + missingExec + "/result", null, key).status())
        .isEqualTo(404);
    assertThat(call("GET", "/admin/v1/executions/" + missingExec, null, ADMIN).status())
        .isEqualTo(404);
    assertThat(call("GET", "/admin/v1/organizations/org_00000000", null, ADMIN).status())
        .isEqualTo(404);
    assertThat(
            call(
                    "POST",
                    "/admin/v1/organizations/org_00000000/credit",
                    "{\"amount\":\"1.00\"}",
                    ADMIN)
                .status())
        .isEqualTo(404);
    assertThat(call("GET", "/v1/models/no-such-model", null, key).status()).isEqualTo(404);
    assertThat(call("POST", "/v1/api-keys/key_0000000000000000/rotate", null, key).status())
        .isEqualTo(404);
    assertThat(call("DELETE", "/v1/api-keys/key_0000000000000000", null, key).status())
        .isEqualTo(404);
  }

  @Test
  void aCreateBeyondTheBalanceOrWithAReusedIdempotencyKeyIsRefusedAsDocumented() throws Exception {
    String poor = engine.modelRoute.organizations().create("poor", Money.ZERO).key().secret();
    Reply broke =
        call(
            "POST",
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"x\"}}",
            poor);
    assertThat(broke.status()).isEqualTo(402);
    assertThat(broke.body().at("/error/code").asText()).isEqualTo("INSUFFICIENT_BALANCE");

    Reply first =
        call(
            "POST",
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"one\"}}",
            key,
            "Idempotency-Key",
            "documented-422");
    assertThat(first.status()).isEqualTo(202);
    Reply replay =
        call(
            "POST",
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"one\"}}",
            key,
            "Idempotency-Key",
            "documented-422");
    assertThat(replay.status()).isEqualTo(202);
    assertThat(replay.raw().header("Idempotent-Replayed")).isEqualTo("true");
    Reply reused =
        call(
            "POST",
            "/v1/executions",
            "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"two\"}}",
            key,
            "Idempotency-Key",
            "documented-422");
    assertThat(reused.status()).isEqualTo(422);

    Reply negative =
        call(
            "POST",
            "/admin/v1/organizations/" + orgId + "/credit",
            "{\"amount\":\"-1.00\"}",
            ADMIN);
    assertThat(negative.status()).isEqualTo(400);
    assertThat(call("POST", "/admin/v1/organizations", "{\"name\":\"documented\"}", ADMIN).status())
        .isEqualTo(409);
  }

  @Test
  void theTwentyFirstKeyIsAConflict() throws Exception {
    String own = engine.modelRoute.organizations().create("many-keys", Money.ZERO).key().secret();
    int created = 1;
    Reply last;
    do {
      last = call("POST", "/v1/api-keys", "{\"label\":\"k" + created + "\"}", own);
      created++;
    } while (last.status() == 201 && created < 25);
    assertThat(last.status()).isEqualTo(409);
  }

  @Test
  void aSignedDownloadAnswers304ToItsETag() throws Exception {
    Reply requested = call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\"}", key);
    assertThat(requested.status()).isEqualTo(201);
    try (Response put =
        http.newCall(
                new Request.Builder()
                    .url(requested.body().get("upload_url").asText())
                    .put(RequestBody.create(TestFiles.png(), MediaType.get("image/png")))
                    .build())
            .execute()) {
      assertThat(put.code()).isEqualTo(200);
    }
    String fileId = requested.body().get("file_id").asText();
    String url = call("GET", "/v1/files/" + fileId + "/url", null, key).body().get("url").asText();
    String etag;
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      etag = r.header("ETag");
    }
    try (Response r =
        http.newCall(new Request.Builder().url(url).header("If-None-Match", etag).build())
            .execute()) {
      assertThat(r.code()).isEqualTo(304);
    }
  }
}
