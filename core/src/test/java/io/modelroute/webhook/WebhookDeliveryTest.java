package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.execution.ExecutionMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Deliveries end to end: real engine, real database (H2 and PostgreSQL), a real local receiver. */
class WebhookDeliveryTest {
  private static final List<String> DOCUMENTED_FIELDS =
      List.of(
          "id",
          "event_type",
          "type",
          "timestamp",
          "version",
          "organization_id",
          "execution_id",
          "data");

  private static CreateExecution image(String prompt) {
    return CreateExecution.of("test-image", Json.readObject("{\"prompt\":\"" + prompt + "\"}"));
  }

  private static String run(TestEngine t, Principal p, CreateExecution request) {
    String id = t.modelRoute.executions().create(p, request, null, null).executionId();
    t.modelRoute.dispatcher().runOnce(t.clock.instant());
    return id;
  }

  private static WebhookService.CreatedEndpoint endpoint(
      TestEngine t, Principal p, String url, String... events) {
    return t.modelRoute
        .webhooks()
        .create(p.orgId(), new WebhookEndpointRequest(url, null, List.of(events), Map.of()));
  }

  private static List<WebhookDelivery> deliveries(TestEngine t, Principal p, String endpointId) {
    return t.modelRoute.webhooks().deliveries(p.orgId(), endpointId, 100, null).data();
  }

  private static Map<String, List<String>> headers(RecordedRequest r) {
    return r.getHeaders().toMultimap();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deliveriesCarryTheDocumentedPayloadAndHeadersAndVerifyWithBothReferenceImplementations(
      Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      var created =
          t.modelRoute
              .webhooks()
              .create(
                  p.orgId(),
                  new WebhookEndpointRequest(
                      receiver.url("/hooks"), "ci", List.of(), Map.of("X-Tenant", "acme")));
      String secret = created.secret();
      assertThat(secret).startsWith("whsec_");
      String id = run(t, p, image("a red fox"));

      assertThat(t.modelRoute.webhookWorker().runOnce(t.clock.instant())).isEqualTo(2);

      assertThat(receiver.eventTypes()).containsExactly("execution.started", "execution.completed");
      long now = t.clock.instant().getEpochSecond();
      for (RecordedRequest r : receiver.requests()) {
        byte[] body = r.getBody().toByteArray();
        JsonNode payload = Json.readTree(new String(body, StandardCharsets.UTF_8));
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/hooks");
        assertThat(r.getHeaders().get("Content-Type")).isEqualTo("application/json");
        assertThat(r.getHeaders().get("User-Agent")).isEqualTo("ModelRoute-Webhooks/1.0");
        assertThat(r.getHeaders().get("X-Tenant")).isEqualTo("acme");
        assertThat(r.getHeaders().get("X-Signature-Timestamp")).isEqualTo(Long.toString(now));
        assertThat(r.getHeaders().get("webhook-timestamp")).isEqualTo(Long.toString(now));
        assertThat(r.getHeaders().get("webhook-id")).isEqualTo(payload.get("id").asText());
        assertThat(r.getHeaders().get("X-Signature")).matches("[0-9a-f]{64}");
        assertThat(r.getHeaders().get("webhook-signature")).startsWith("v1,");

        assertThat(payload.fieldNames()).toIterable().containsExactlyElementsOf(DOCUMENTED_FIELDS);
        assertThat(payload.get("id").asText()).matches("evt_[0-9a-f-]{36}");
        assertThat(payload.get("type")).isEqualTo(payload.get("event_type"));
        assertThat(payload.get("version").asText()).isEqualTo("1.0");
        assertThat(payload.get("organization_id").asText()).isEqualTo(p.orgId());
        assertThat(payload.get("execution_id").asText()).isEqualTo(id);
        assertThat(payload.get("timestamp").asText())
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        // the Python reference of the docs, reimplemented independently
        assertThat(
                ReferenceVerification.verifyWebhook(
                    body,
                    secret,
                    r.getHeaders().get("X-Signature"),
                    r.getHeaders().get("X-Signature-Timestamp"),
                    now))
            .isTrue();
        assertThat(
                ReferenceVerification.verifyWebhook(
                    body,
                    "whsec_wrong",
                    r.getHeaders().get("X-Signature"),
                    r.getHeaders().get("X-Signature-Timestamp"),
                    now))
            .isFalse();
        // the Standard Webhooks reference library (throws on any mismatch)
        new Webhook(secret).verify(new String(body, StandardCharsets.UTF_8), headers(r));
        // and our own verifier
        new WebhookVerifier(secret, t.clock, WebhookVerifier.DEFAULT_TOLERANCE)
            .verify(headers(r), body);
      }
      JsonNode completed = receiver.bodies().get(1);
      assertThat(completed.get("data").toString())
          .isEqualTo(ExecutionJson.full(t.modelRoute.executions().get(p.orgId(), id)).toString());
      assertThat(completed.at("/data/status").asText()).isEqualTo("COMPLETED");
      assertThat(receiver.bodies().get(0).at("/data/status").asText()).isEqualTo("PROCESSING");

      List<WebhookDelivery> log = deliveries(t, p, created.endpoint().id());
      assertThat(log).extracting(WebhookDelivery::status).containsOnly(DeliveryStatus.SUCCEEDED);
      assertThat(log).extracting(WebhookDelivery::lastStatusCode).containsOnly(200);
      assertThat(log).extracting(WebhookDelivery::attempts).containsOnly(1);
      assertThat(log)
          .allSatisfy(d -> assertThat(d.lastLatencyMs()).isNotNull().isGreaterThanOrEqualTo(0));
      assertThat(t.modelRoute.webhooks().get(p.orgId(), created.endpoint().id()).lastSuccess())
          .isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aPerExecutionWebhookUrlGetsThatExecutionsEventsSignedWithTheOrganizationsDefaultSecret(
      Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      String id =
          run(
              t,
              p,
              new CreateExecution(
                  "test-image",
                  Json.readObject("{\"prompt\":\"x\"}"),
                  receiver.url("/exec"),
                  Map.of(),
                  ExecutionMode.ASYNC));
      run(t, p, image("no webhook_url, no endpoint: nobody hears of this one"));

      t.modelRoute.webhookWorker().runOnce(t.clock.instant());

      assertThat(receiver.eventTypes()).containsExactly("execution.started", "execution.completed");
      assertThat(receiver.bodies())
          .extracting(b -> b.get("execution_id").asText())
          .containsOnly(id);
      String orgSecret = t.modelRoute.webhooks().signingSecret(p.orgId());
      assertThat(orgSecret).startsWith("whsec_");
      for (RecordedRequest r : receiver.requests()) {
        String body = r.getBody().utf8();
        new Webhook(orgSecret).verify(body, headers(r));
        assertThat(
                ReferenceVerification.verifyWebhook(
                    body.getBytes(StandardCharsets.UTF_8),
                    orgSecret,
                    r.getHeaders().get("X-Signature"),
                    r.getHeaders().get("X-Signature-Timestamp"),
                    t.clock.instant().getEpochSecond()))
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void endpointsReceiveOnlyTheEventsTheySubscribeTo(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      endpoint(t, p, receiver.url("/done"), "execution.completed", "execution.cancelled");
      run(t, p, image("one"));
      String slow =
          t.modelRoute
              .executions()
              .create(
                  p,
                  CreateExecution.of("test-slow", Json.readObject("{\"prompt\":\"x\"}")),
                  null,
                  null)
              .executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      t.modelRoute.executions().cancel(p.orgId(), slow);

      t.modelRoute.webhookWorker().runOnce(t.clock.instant());

      assertThat(receiver.eventTypes())
          .containsExactlyInAnyOrder("execution.completed", "execution.cancelled");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aReceiverThatIsDownForTenMinutesGetsEveryEventInOrderWhenItComesBack(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      var created = endpoint(t, p, receiver.url("/hooks"));
      receiver.stop();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(run(t, p, image("while down " + i)));
      }
      Instant down = t.clock.instant();
      DeliveryWorker worker = t.modelRoute.webhookWorker();

      assertThat(worker.runOnce(down))
          .as("the started events; completed ones wait behind them")
          .isEqualTo(3);
      assertThat(worker.runOnce(down.plus(Duration.ofMinutes(1)))).isZero();
      assertThat(worker.runOnce(down.plus(Duration.ofMinutes(2)))).isEqualTo(3);
      assertThat(worker.runOnce(down.plus(Duration.ofMinutes(6)))).isEqualTo(3);
      receiver.start(); // back after 10 minutes, on the same port
      assertThat(worker.runOnce(down.plus(Duration.ofMinutes(10))))
          .as("next retry is at +14 min")
          .isZero();
      assertThat(worker.runOnce(down.plus(Duration.ofMinutes(14)))).isEqualTo(6);

      assertThat(receiver.requests()).hasSize(6);
      for (String id : ids) {
        assertThat(
                receiver.bodies().stream()
                    .filter(b -> b.get("execution_id").asText().equals(id))
                    .map(b -> b.get("event_type").asText()))
            .containsExactly("execution.started", "execution.completed");
      }
      List<WebhookDelivery> log = deliveries(t, p, created.endpoint().id());
      assertThat(log).extracting(WebhookDelivery::status).containsOnly(DeliveryStatus.SUCCEEDED);
      assertThat(log)
          .filteredOn(d -> d.eventType().equals("execution.started"))
          .extracting(WebhookDelivery::attempts)
          .containsOnly(4);
      assertThat(log)
          .filteredOn(d -> d.eventType().equals("execution.completed"))
          .extracting(WebhookDelivery::attempts)
          .containsOnly(1);
      var started =
          log.stream()
              .filter(d -> d.eventType().equals("execution.started"))
              .findFirst()
              .orElseThrow();
      assertThat(t.modelRoute.webhooks().attempts(p.orgId(), created.endpoint().id(), started.id()))
          .extracting(DeliveryAttempt::statusCode)
          .containsExactly(null, null, null, 200);
      var endpoint = t.modelRoute.webhooks().get(p.orgId(), created.endpoint().id());
      assertThat(endpoint.failureCount()).isZero();
      assertThat(endpoint.active()).isTrue();
      assertThat(endpoint.lastFailure()).isEqualTo(down.plus(Duration.ofMinutes(6)));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aReceiverAnswering500ForeverSeesExactlySixAttemptsThenTheDeliveryIsFailed(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      receiver.answer(500);
      Principal p = t.organization("10.00");
      var created = endpoint(t, p, receiver.url("/hooks"), "execution.completed");
      run(t, p, image("doomed"));
      DeliveryWorker worker = t.modelRoute.webhookWorker();

      Instant now = t.clock.instant();
      for (int round = 0; round < 10; round++) {
        worker.runOnce(now);
        WebhookDelivery d = deliveries(t, p, created.endpoint().id()).get(0);
        if (d.status() != DeliveryStatus.PENDING) {
          break;
        }
        assertThat(worker.runOnce(d.nextAttemptAt().minusSeconds(1)))
            .as("nothing before it is due")
            .isZero();
        now = d.nextAttemptAt();
      }
      assertThat(worker.runOnce(now.plus(Duration.ofDays(2)))).isZero();

      assertThat(receiver.requests()).hasSize(6);
      WebhookDelivery d = deliveries(t, p, created.endpoint().id()).get(0);
      assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(d.attempts()).isEqualTo(6);
      assertThat(d.lastStatusCode()).isEqualTo(500);
      assertThat(d.nextAttemptAt()).isNull();
      assertThat(d.completedAt()).isNotNull();
      List<DeliveryAttempt> attempts =
          t.modelRoute.webhooks().attempts(p.orgId(), created.endpoint().id(), d.id());
      assertThat(attempts).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(attempts).extracting(DeliveryAttempt::statusCode).containsOnly(500);
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < attempts.size(); i++) {
        gaps.add(
            Duration.between(attempts.get(i - 1).attemptedAt(), attempts.get(i).attemptedAt())
                .toMinutes());
      }
      assertThat(gaps).containsExactly(2L, 4L, 8L, 16L, 30L);
      assertThat(t.modelRoute.webhooks().get(p.orgId(), created.endpoint().id()).failureCount())
          .isEqualTo(6);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void
      tenFailedAttemptsWithinTheRetryScheduleDoNotDeactivateAndASwitchedOffEndpointsEventsAreHeldThenSent(
          Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      receiver.answer(500);
      Principal p = t.organization("10.00");
      String endpointId =
          endpoint(t, p, receiver.url("/hooks"), "execution.completed").endpoint().id();
      run(t, p, image("one"));
      run(t, p, image("two"));
      DeliveryWorker worker = t.modelRoute.webhookWorker();
      Instant t0 = t.clock.instant();

      for (int minutes : new int[] {0, 2, 6, 14, 30}) {
        assertThat(worker.runOnce(t0.plus(Duration.ofMinutes(minutes)))).isEqualTo(2);
      }
      WebhookEndpoint failing = t.modelRoute.webhooks().get(p.orgId(), endpointId);
      assertThat(receiver.requests()).hasSize(10);
      assertThat(failing.active())
          .as("10 failures within 30 minutes: shorter than the schedule")
          .isTrue();
      assertThat(failing.failureCount())
          .as("two failures in the same minute count once")
          .isEqualTo(5);

      t.modelRoute.webhooks().update(p.orgId(), endpointId, WebhookEndpointPatch.active(false));
      t.clock.set(t0.plus(Duration.ofMinutes(31)));
      run(t, p, image("while inactive: held, not dropped"));
      assertThat(worker.runOnce(t.clock.instant().plus(Duration.ofHours(30))))
          .as("an inactive endpoint gets no attempts")
          .isZero();
      assertThat(deliveries(t, p, endpointId))
          .hasSize(3)
          .extracting(WebhookDelivery::status)
          .containsOnly(DeliveryStatus.PAUSED);

      receiver.answer(200);
      Instant later = t.clock.instant().plus(Duration.ofHours(31));
      t.clock.set(later);
      WebhookEndpoint on =
          t.modelRoute.webhooks().update(p.orgId(), endpointId, WebhookEndpointPatch.active(true));
      assertThat(on.active()).isTrue();
      assertThat(on.failureCount()).isZero();
      assertThat(worker.runOnce(later)).isEqualTo(3);
      assertThat(deliveries(t, p, endpointId))
          .extracting(WebhookDelivery::status)
          .containsOnly(DeliveryStatus.SUCCEEDED);
      assertThat(receiver.requests()).hasSize(13);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aDeliveryExpiresTwentyFourHoursAfterItsEvent(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      String endpointId =
          endpoint(t, p, receiver.url("/hooks"), "execution.completed").endpoint().id();
      run(t, p, image("never delivered: no worker ran for a day"));
      Instant event = t.clock.instant();
      DeliveryWorker worker = t.modelRoute.webhookWorker();

      worker.expireDue(event.plus(Duration.ofHours(23)));
      assertThat(deliveries(t, p, endpointId).get(0).status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(worker.runOnce(event.plus(Duration.ofHours(24)))).isZero();
      WebhookDelivery d = deliveries(t, p, endpointId).get(0);
      assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(d.attempts()).isZero();
      assertThat(d.lastError()).contains("expired");
      assertThat(worker.runOnce(event.plus(Duration.ofHours(25)))).isZero();
      assertThat(receiver.requests()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aTestEventIsDeliveredAndAManualRetryMakesExactlyOneMoreAttempt(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      var created = endpoint(t, p, receiver.url("/hooks"), "execution.completed");
      String endpointId = created.endpoint().id();
      DeliveryWorker worker = t.modelRoute.webhookWorker();

      WebhookDelivery test = t.modelRoute.webhooks().sendTest(p.orgId(), endpointId);
      assertThat(test.status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(test.eventType()).isEqualTo("webhook.test");
      worker.runOnce(t.clock.instant());
      JsonNode body = receiver.bodies().get(0);
      assertThat(body.get("event_type").asText()).isEqualTo("webhook.test");
      assertThat(body.get("execution_id").isNull()).isTrue();
      assertThat(body.at("/data/endpoint_id").asText()).isEqualTo(endpointId);
      new WebhookVerifier(created.secret(), t.clock, WebhookVerifier.DEFAULT_TOLERANCE)
          .verify(
              headers(receiver.requests().get(0)),
              receiver.requests().get(0).getBody().toByteArray());

      WebhookDelivery delivered =
          t.modelRoute.webhooks().delivery(p.orgId(), endpointId, test.id());
      assertThat(delivered.status()).isEqualTo(DeliveryStatus.SUCCEEDED);
      WebhookDelivery again = t.modelRoute.webhooks().retry(p.orgId(), endpointId, test.id());
      assertThat(again.status()).isEqualTo(DeliveryStatus.PENDING);
      receiver.answer(503);
      assertThat(worker.runOnce(t.clock.instant())).isEqualTo(1);
      assertThat(worker.runOnce(t.clock.instant().plus(Duration.ofHours(1))))
          .as("no automatic retries")
          .isZero();
      WebhookDelivery failed = t.modelRoute.webhooks().delivery(p.orgId(), endpointId, test.id());
      assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
      assertThat(failed.attempts()).isEqualTo(2);
      assertThat(failed.lastStatusCode()).isEqualTo(503);
      assertThat(receiver.requests()).hasSize(2);
      assertThat(receiver.bodies().get(1)).isEqualTo(receiver.bodies().get(0));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void twoNodesSharingTheDatabaseDeliverEveryEventExactlyOnceAndInOrder(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      endpoint(t, p, receiver.url("/hooks"));
      int executions = 15;
      for (int i = 0; i < executions; i++) {
        t.modelRoute.executions().create(p, image("race " + i), null, null);
      }
      for (int round = 0;
          round < 5;
          round++) { // the demo bulkhead (6 of 8 workers) defers part of the burst
        t.modelRoute.dispatcher().runOnce(t.clock.instant());
        t.clock.advance(Duration.ofMillis(50));
      }
      Webhooks other =
          Webhooks.create(
              t.modelRoute.database().jdbi(),
              dialect,
              t.clock,
              WebhookSettings.defaults().withAllowPrivateNetworks(true),
              "other-node");
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      Instant now = t.clock.instant();
      List<Future<Integer>> runs = new ArrayList<>();
      for (DeliveryWorker w : List.of(t.modelRoute.webhookWorker(), other.worker())) {
        runs.add(
            pool.submit(
                () -> {
                  go.await();
                  return w.runOnce(now);
                }));
      }
      go.countDown();
      int attempts = 0;
      for (Future<Integer> f : runs) {
        attempts += f.get();
      }
      pool.shutdown();
      other.worker().shutdown(Duration.ofSeconds(5));

      assertThat(attempts).isEqualTo(2 * executions);
      assertThat(receiver.requests()).hasSize(2 * executions);
      Set<String> eventIds = ConcurrentHashMap.newKeySet();
      receiver.bodies().forEach(b -> assertThat(eventIds.add(b.get("id").asText())).isTrue());
      Map<String, List<String>> perExecution = new java.util.HashMap<>();
      receiver
          .bodies()
          .forEach(
              b ->
                  perExecution
                      .computeIfAbsent(b.get("execution_id").asText(), k -> new ArrayList<>())
                      .add(b.get("event_type").asText()));
      assertThat(perExecution)
          .hasSize(executions)
          .allSatisfy(
              (id, types) ->
                  assertThat(types).containsExactly("execution.started", "execution.completed"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aDeletedEndpointGetsNothingMoreAndItsDeliveriesAreGone(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("10.00");
      String endpointId = endpoint(t, p, receiver.url("/hooks")).endpoint().id();
      run(t, p, image("queued, then the endpoint goes"));
      t.modelRoute.webhooks().delete(p.orgId(), endpointId);
      run(t, p, image("after"));

      assertThat(t.modelRoute.webhookWorker().runOnce(t.clock.instant())).isZero();
      assertThat(receiver.requests()).isEmpty();
      assertThat(t.modelRoute.webhooks().list(p.orgId())).isEmpty();
      int rows =
          t.modelRoute
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM webhook_deliveries")
                          .mapTo(Integer.class)
                          .one());
      assertThat(rows).isZero();
    }
  }
}
