package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Permission;
import io.modelroute.db.internal.Dialect;
import io.modelroute.webhook.RecordingWebhookReceiver;
import io.modelroute.webhook.WebhookVerifier;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /v1/webhooks} over a real server, real H2 and a real local receiver. */
class WebhookApiTest {
  static final List<String> ENDPOINT_FIELDS =
      List.of(
          "id",
          "url",
          "description",
          "events",
          "headers",
          "is_active",
          "failure_count",
          "last_success",
          "last_failure",
          "created_at");
  static TestEngine engine;
  static ModelRouteServer server;
  static RecordingWebhookReceiver receiver;
  static OkHttpClient http;
  static String key;
  static String orgId;

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server = new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
    receiver = RecordingWebhookReceiver.started();
    http = TestHttp.builder().callTimeout(Duration.ofSeconds(30)).build();
    var created = engine.modelRoute.organizations().create("hooks", Money.parse("25.00"));
    key = created.key().secret();
    orgId = created.organization().id();
  }

  @AfterAll
  static void stop() {
    receiver.close();
    server.stop();
    engine.close();
  }

  record Reply(int status, JsonNode body) {}

  static Reply call(ModelRouteServer on, String method, String path, String json, String bearer)
      throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url("http://localhost:" + on.port() + path)
            .header("Authorization", "Bearer " + bearer);
    RequestBody body =
        json != null
            ? RequestBody.create(json.getBytes(), MediaType.get("application/json"))
            : method.equals("POST") || method.equals("PATCH")
                ? RequestBody.create(new byte[0])
                : null;
    b.method(method, body);
    try (Response r = http.newCall(b.build()).execute()) {
      String text = r.body().string();
      return new Reply(r.code(), text.isEmpty() ? null : Json.readTree(text));
    }
  }

  static Reply call(String method, String path, String json) throws IOException {
    return call(server, method, path, json, key);
  }

  static String register(String body) throws IOException {
    Reply r = call("POST", "/v1/webhooks/endpoints", body);
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201);
    return r.body().get("id").asText();
  }

  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.body().at("/error/code").asText()).isEqualTo(code);
  }

  static void deliverDue() {
    engine.modelRoute.webhookWorker().runOnce(engine.clock.instant());
  }

  @Test
  void theDocumentedRegistrationAnswersWithTheSecretOnceAndReadsNeverShowIt() throws Exception {
    Reply created =
        call(
            "POST",
            "/v1/webhooks/endpoints",
            "{\"url\": \""
                + receiver.url("/webhooks/modelroute")
                + "\", \"description\": \"Production webhook endpoint\", "
                + "\"events\": [\"execution.completed\", \"execution.failed\"]}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().fieldNames())
        .toIterable()
        .containsExactlyElementsOf(concat(ENDPOINT_FIELDS, "secret"));
    String id = created.body().get("id").asText();
    String secret = created.body().get("secret").asText();
    assertThat(id).matches("wh_[0-9a-f-]{36}");
    assertThat(secret).matches("whsec_[A-Za-z0-9+/=]{44}");
    assertThat(created.body().get("is_active").asBoolean()).isTrue();
    assertThat(created.body().get("failure_count").asInt()).isZero();
    assertThat(created.body().get("events")).hasSize(2);
    assertThat(created.body().get("headers").isObject()).isTrue();

    Reply one = call("GET", "/v1/webhooks/endpoints/" + id, null);
    assertThat(one.body().fieldNames()).toIterable().containsExactlyElementsOf(ENDPOINT_FIELDS);
    Reply list = call("GET", "/v1/webhooks/endpoints", null);
    assertThat(list.body().get("endpoints").findValuesAsText("id")).contains(id);
    assertThat(list.body().toString()).doesNotContain(secret).doesNotContain("\"secret\"");
  }

  @Test
  void aTestEventIsDeliveredSignedAndTheDeliveryLogShowsItsAttemptsAndCanRetryIt()
      throws Exception {
    Reply created =
        call(
            "POST",
            "/v1/webhooks/endpoints",
            "{\"url\": \""
                + receiver.url("/test-hook")
                + "\", \"headers\": {\"X-Team\": \"core\"}}");
    String id = created.body().get("id").asText();
    String secret = created.body().get("secret").asText();

    Reply queued = call("POST", "/v1/webhooks/endpoints/" + id + "/test", null);
    assertThat(queued.status()).isEqualTo(202);
    assertThat(queued.body().get("status").asText()).isEqualTo("PENDING");
    assertThat(queued.body().get("event_type").asText()).isEqualTo("webhook.test");
    String deliveryId = queued.body().get("id").asText();
    deliverDue();

    RecordedRequest received =
        receiver.requests().stream()
            .filter(r -> r.getUrl().encodedPath().equals("/test-hook"))
            .findFirst()
            .orElseThrow();
    assertThat(received.getHeaders().get("X-Team")).isEqualTo("core");
    new Webhook(secret).verify(received.getBody().utf8(), received.getHeaders().toMultimap());
    Reply log = call("GET", "/v1/webhooks/endpoints/" + id + "/deliveries", null);
    JsonNode d = log.body().at("/data/0");
    assertThat(d.get("id").asText()).isEqualTo(deliveryId);
    assertThat(d.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(d.get("attempts").asInt()).isEqualTo(1);
    assertThat(d.get("last_response_code").asInt()).isEqualTo(200);
    assertThat(d.get("last_latency_ms").isIntegralNumber()).isTrue();
    assertThat(d.get("next_attempt_at").isNull()).isTrue();
    assertThat(log.body().get("has_more").asBoolean()).isFalse();
    Reply one = call("GET", "/v1/webhooks/endpoints/" + id + "/deliveries/" + deliveryId, null);
    assertThat(one.body().get("attempt_log")).hasSize(1);
    assertThat(one.body().at("/attempt_log/0/response_code").asInt()).isEqualTo(200);

    Reply retried =
        call("POST", "/v1/webhooks/endpoints/" + id + "/deliveries/" + deliveryId + "/retry", null);
    assertThat(retried.status()).isEqualTo(202);
    assertThat(retried.body().get("status").asText()).isEqualTo("PENDING");
    deliverDue();
    Reply after = call("GET", "/v1/webhooks/endpoints/" + id + "/deliveries/" + deliveryId, null);
    assertThat(after.body().get("attempts").asInt()).isEqualTo(2);
    assertThat(after.body().get("attempt_log")).hasSize(2);
    assertThat(call("GET", "/v1/webhooks/endpoints/" + id + "/deliveries?limit=0", null).status())
        .isEqualTo(400);
  }

  @Test
  void patchChangesWhatItNamesAndReactivationResetsTheFailureCount() throws Exception {
    String id =
        register(
            "{\"url\": \"" + receiver.url("/p") + "\", \"events\": [\"execution.completed\"]}");
    Reply patched =
        call(
            "PATCH",
            "/v1/webhooks/endpoints/" + id,
            "{\"events\": [\"execution.completed\", "
                + "\"execution.failed\", \"execution.started\"], \"description\": \"Updated production webhook\"}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().get("events")).hasSize(3);
    assertThat(patched.body().get("description").asText()).isEqualTo("Updated production webhook");
    assertThat(patched.body().get("url").asText()).isEqualTo(receiver.url("/p"));

    engine
        .modelRoute
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE webhook_endpoints SET failure_count = 10, is_active = FALSE WHERE id = :id")
                    .bind("id", id)
                    .execute());
    assertError(call("POST", "/v1/webhooks/endpoints/" + id + "/test", null), 409, "CONFLICT");
    Reply on =
        call(
            "PATCH",
            "/v1/webhooks/endpoints/" + id,
            "{\"is_active\": true, \"description\": null}");
    assertThat(on.body().get("is_active").asBoolean()).isTrue();
    assertThat(on.body().get("failure_count").asInt()).isZero();
    assertThat(on.body().get("description").isNull()).isTrue();

    assertThat(
            call("DELETE", "/v1/webhooks/endpoints/" + id, null).body().get("deleted").asBoolean())
        .isTrue();
    assertError(call("GET", "/v1/webhooks/endpoints/" + id, null), 404, "NOT_FOUND");
  }

  @Test
  void recoverRequeuesTheFailedDeliveriesOfEventsSinceTheGivenTimeAndAnswers202WithTheCount()
      throws Exception {
    String id = register("{\"url\": \"" + receiver.url("/recover") + "\"}");
    receiver.answer(500);
    java.time.Instant before = engine.clock.instant().minusSeconds(1);
    String deliveryId =
        call("POST", "/v1/webhooks/endpoints/" + id + "/test", null).body().get("id").asText();
    engine.modelRoute.webhookWorker().expireDue(engine.clock.instant().plus(Duration.ofHours(25)));
    try {
      assertThat(
              call("GET", "/v1/webhooks/endpoints/" + id + "/deliveries/" + deliveryId, null)
                  .body()
                  .get("status")
                  .asText())
          .isEqualTo("FAILED");
      receiver.answer(200);

      Reply recovered =
          call(
              "POST",
              "/v1/webhooks/endpoints/" + id + "/recover",
              "{\"since\": \"" + before + "\"}");
      assertThat(recovered.status()).as(String.valueOf(recovered.body())).isEqualTo(202);
      assertThat(recovered.body().get("recovered").asInt()).isEqualTo(1);
      assertThat(recovered.body().get("endpoint_id").asText()).isEqualTo(id);
      deliverDue();
      assertThat(
              call("GET", "/v1/webhooks/endpoints/" + id + "/deliveries/" + deliveryId, null)
                  .body()
                  .get("status")
                  .asText())
          .isEqualTo("SUCCEEDED");
      assertThat(receiver.requests())
          .filteredOn(r -> r.getUrl().encodedPath().equals("/recover"))
          .hasSize(1);

      assertError(
          call("POST", "/v1/webhooks/endpoints/" + id + "/recover", "{}"),
          400,
          "INPUT_VALIDATION_ERROR");
      assertError(
          call("POST", "/v1/webhooks/endpoints/" + id + "/recover", "{\"since\": \"yesterday\"}"),
          400,
          "INPUT_VALIDATION_ERROR");
      assertError(
          call(
              "POST",
              "/v1/webhooks/endpoints/" + id + "/recover",
              "{\"since\": \"2999-01-01T00:00:00Z\"}"),
          400,
          "INPUT_VALIDATION_ERROR");
      assertError(
          call(
              "POST",
              "/v1/webhooks/endpoints/wh_00000000-0000-0000-0000-000000000000/recover",
              "{\"since\": \"" + before + "\"}"),
          404,
          "NOT_FOUND");
    } finally {
      receiver.answer(200);
    }
  }

  @Test
  void malformedBodiesGetTheErrorShapeWithFieldDetails() throws Exception {
    Reply wrongTypes =
        call(
            "POST",
            "/v1/webhooks/endpoints",
            "{\"url\": 5, \"events\": \"execution.completed\", \"headers\": {\"X-A\": 1}}");
    assertError(wrongTypes, 400, "INPUT_VALIDATION_ERROR");
    assertThat(wrongTypes.body().at("/error/details").findValuesAsText("field"))
        .containsExactly("url", "events", "headers.X-A");
    Reply unknownEvent =
        call(
            "POST",
            "/v1/webhooks/endpoints",
            "{\"url\": \"" + receiver.url("/x") + "\", \"events\": [\"execution.done\"]}");
    assertThat(unknownEvent.body().at("/error/details/0/field").asText()).isEqualTo("events[0]");
    Reply unknownField =
        call(
            "POST",
            "/v1/webhooks/endpoints",
            "{\"url\": \"" + receiver.url("/x") + "\", \"secret\": \"x\"}");
    assertThat(unknownField.body().at("/error/details/0/code").asText()).isEqualTo("UNKNOWN_FIELD");
    Reply reserved =
        call(
            "POST",
            "/v1/webhooks/endpoints",
            "{\"url\": \""
                + receiver.url("/x")
                + "\", \"headers\": {\"X-Signature\": \"forged\"}}");
    assertThat(reserved.body().at("/error/details/0/field").asText())
        .isEqualTo("headers.X-Signature");
    assertThat(
            call("POST", "/v1/webhooks/endpoints", "{}")
                .body()
                .at("/error/details/0/code")
                .asText())
        .isEqualTo("REQUIRED");
    String id = register("{\"url\": \"" + receiver.url("/x") + "\"}");
    assertError(
        call("PATCH", "/v1/webhooks/endpoints/" + id, "{\"is_active\": \"yes\"}"),
        400,
        "INPUT_VALIDATION_ERROR");
    assertError(
        call("PATCH", "/v1/webhooks/endpoints/" + id, "[1]"), 400, "INPUT_VALIDATION_ERROR");
  }

  @Test
  void executionOnlyKeysGet403OnEveryWebhookRoute() throws Exception {
    String id = register("{\"url\": \"" + receiver.url("/x") + "\"}");
    String limited =
        engine.modelRoute.apiKeys().create(orgId, "app", Permission.EXECUTION_ONLY).secret();
    String endpoint = "/v1/webhooks/endpoints/" + id;
    String delivery = endpoint + "/deliveries/dlv_00000000-0000-0000-0000-000000000000";
    for (String[] route :
        new String[][] {
          {"POST", "/v1/webhooks/endpoints", "{\"url\": \"" + receiver.url("/x") + "\"}"},
          {"GET", "/v1/webhooks/endpoints", null},
          {"GET", endpoint, null},
          {"PATCH", endpoint, "{}"},
          {"DELETE", endpoint, null},
          {"POST", endpoint + "/test", null},
          {"GET", endpoint + "/deliveries", null},
          {"GET", delivery, null},
          {"POST", delivery + "/retry", null},
          {"GET", "/v1/webhooks/signing-secret", null}
        }) {
      assertError(call(server, route[0], route[1], route[2], limited), 403, "FORBIDDEN");
    }
    assertThat(call("GET", endpoint, null).status()).isEqualTo(200);
  }

  @Test
  void anotherOrganizationsEndpointIs404OnEveryRoute() throws Exception {
    String id = register("{\"url\": \"" + receiver.url("/x") + "\"}");
    String deliveryId =
        call("POST", "/v1/webhooks/endpoints/" + id + "/test", null).body().get("id").asText();
    String stranger =
        engine
            .modelRoute
            .organizations()
            .create("stranger-hooks", Money.parse("1.00"))
            .key()
            .secret();
    String endpoint = "/v1/webhooks/endpoints/" + id;
    String delivery = endpoint + "/deliveries/" + deliveryId;
    for (String[] route :
        new String[][] {
          {"GET", endpoint, null},
          {"PATCH", endpoint, "{\"is_active\": false}"},
          {"DELETE", endpoint, null},
          {"POST", endpoint + "/test", null},
          {"GET", endpoint + "/deliveries", null},
          {"GET", delivery, null},
          {"POST", delivery + "/retry", null}
        }) {
      assertError(call(server, route[0], route[1], route[2], stranger), 404, "NOT_FOUND");
    }
    assertThat(
            call(server, "GET", "/v1/webhooks/endpoints", null, stranger).body().get("endpoints"))
        .isEmpty();
    assertThat(call("GET", endpoint, null).body().get("is_active").asBoolean()).isTrue();
  }

  @Test
  void aPerExecutionWebhookUrlIsSignedWithTheSigningSecret() throws Exception {
    Reply secret = call("GET", "/v1/webhooks/signing-secret", null);
    assertThat(secret.status()).isEqualTo(200);
    String orgSecret = secret.body().get("secret").asText();
    assertThat(orgSecret).startsWith("whsec_");
    Reply accepted =
        call(
            "POST",
            "/v1/executions",
            "{\"model\": \"flux-1.1-pro\", \"input\": {\"prompt\": \"hook me\","
                + " \"width\": 256, \"height\": 256}, \"webhook_url\": \""
                + receiver.url("/per-execution")
                + "\"}");
    assertThat(accepted.status()).isEqualTo(202);
    String executionId = accepted.body().get("id").asText();
    for (int i = 0;
        i < 3
            && engine.modelRoute.executions().get(orgId, executionId).status().isTerminal()
                == false;
        i++) {
      engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
      engine.clock.advance(Duration.ofSeconds(2));
    }
    deliverDue();

    List<RecordedRequest> received =
        receiver.requests().stream()
            .filter(r -> r.getUrl().encodedPath().equals("/per-execution"))
            .toList();
    assertThat(received)
        .extracting(r -> Json.readTree(r.getBody().utf8()).get("event_type").asText())
        .containsExactly("execution.started", "execution.completed");
    WebhookVerifier verifier =
        new WebhookVerifier(orgSecret, engine.clock, WebhookVerifier.DEFAULT_TOLERANCE);
    for (RecordedRequest r : received) {
      verifier.verify(r.getHeaders().toMultimap(), r.getBody().toByteArray());
    }
  }

  @Test
  void withoutPrivateNetworksLoopbackPrivateAndMetadataUrlsAreRefused() throws Exception {
    try (TestEngine strict =
        TestEngine.withDefaultCatalog(Dialect.H2, b -> b.allowPrivateWebhooks(false))) {
      ModelRouteServer strictServer =
          new ModelRouteServer(strict.modelRoute, ServerConfig.defaults(0)).start();
      try {
        String strictKey =
            strict.modelRoute.organizations().create("strict", Money.parse("1.00")).key().secret();
        for (String url :
            List.of(
                "https://127.0.0.1/hook",
                "https://10.0.0.1/hook",
                "https://169.254.169.254/latest",
                "https://localhost/hook",
                "http://example.com/hook")) {
          Reply r =
              call(
                  strictServer,
                  "POST",
                  "/v1/webhooks/endpoints",
                  "{\"url\": \"" + url + "\"}",
                  strictKey);
          assertError(r, 400, "INPUT_VALIDATION_ERROR");
          assertThat(r.body().at("/error/details/0/field").asText()).isEqualTo("url");
          Reply e =
              call(
                  strictServer,
                  "POST",
                  "/v1/executions",
                  "{\"model\": \"flux-1.1-pro\", \"input\": {\"prompt\": \"x\"}, \"webhook_url\": \""
                      + url
                      + "\"}",
                  strictKey);
          assertError(e, 400, "INPUT_VALIDATION_ERROR");
          assertThat(e.body().at("/error/details/0/field").asText()).isEqualTo("webhook_url");
        }
        assertThat(
                call(strictServer, "GET", "/v1/webhooks/endpoints", null, strictKey)
                    .body()
                    .get("endpoints"))
            .isEmpty();
      } finally {
        strictServer.stop();
      }
    }
  }

  private static List<String> concat(List<String> list, String more) {
    var all = new java.util.ArrayList<>(list);
    all.add(more);
    return all;
  }
}
