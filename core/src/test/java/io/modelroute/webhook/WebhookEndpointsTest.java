package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.ExecutionMode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The endpoint API of {@link WebhookService} on H2 and PostgreSQL. */
class WebhookEndpointsTest {
  static final String URL = "http://127.0.0.1:9/hooks";

  private static ModelRouteException failure(ThrowingCallable call) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(t).isInstanceOf(ModelRouteException.class);
    return (ModelRouteException) t;
  }

  private static void assertRefused(ThrowingCallable call, String field, String detailCode) {
    ModelRouteException e = failure(call);
    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(e.details())
        .extracting(FieldError::field, FieldError::code)
        .contains(org.assertj.core.groups.Tuple.tuple(field, detailCode));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createShowsANewSecretOnceAndReadsReturnTheEndpointWithoutIt(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      WebhookService webhooks = t.modelRoute.webhooks();
      var created =
          webhooks.create(
              p.orgId(),
              new WebhookEndpointRequest(
                  URL,
                  "Production webhook",
                  List.of("execution.completed", "execution.failed", "execution.completed"),
                  Map.of("X-Api-Key", "k1")));
      t.clock.advance(java.time.Duration.ofSeconds(1));
      var second = webhooks.create(p.orgId(), WebhookEndpointRequest.of(URL));

      assertThat(created.secret()).startsWith("whsec_").isNotEqualTo(second.secret());
      assertThat(Base64.getDecoder().decode(created.secret().substring(6))).hasSize(32);
      WebhookEndpoint e = created.endpoint();
      assertThat(e.id()).matches("wh_[0-9a-f-]{36}");
      assertThat(e.events()).containsExactly("execution.completed", "execution.failed");
      assertThat(e.active()).isTrue();
      assertThat(e.failureCount()).isZero();
      assertThat(webhooks.get(p.orgId(), e.id())).isEqualTo(e);
      assertThat(webhooks.list(p.orgId()))
          .extracting(WebhookEndpoint::id)
          .containsExactly(e.id(), second.endpoint().id());
      assertThat(second.endpoint().events()).isEmpty();
      assertThat(second.endpoint().wants("execution.started")).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void patchChangesOnlyWhatItNamesAndReactivationResetsTheFailureCount(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      WebhookService webhooks = t.modelRoute.webhooks();
      String id =
          webhooks
              .create(
                  p.orgId(),
                  new WebhookEndpointRequest(
                      URL, "old", List.of("execution.completed"), Map.of("X-A", "1")))
              .endpoint()
              .id();
      t.modelRoute
          .database()
          .jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "UPDATE webhook_endpoints SET failure_count = 10, is_active = FALSE WHERE id = :id")
                      .bind("id", id)
                      .execute());

      WebhookEndpoint described =
          webhooks.update(
              p.orgId(),
              id,
              new WebhookEndpointPatch(null, "Updated production webhook", null, null, null));
      assertThat(described.description()).isEqualTo("Updated production webhook");
      assertThat(described.events()).containsExactly("execution.completed");
      assertThat(described.headers()).containsExactly(Map.entry("X-A", "1"));
      assertThat(described.active()).isFalse();
      assertThat(described.failureCount()).isEqualTo(10);

      WebhookEndpoint changed =
          webhooks.update(
              p.orgId(),
              id,
              new WebhookEndpointPatch("http://127.0.0.1:10/new", "", List.of(), Map.of(), true));
      assertThat(changed.url()).isEqualTo("http://127.0.0.1:10/new");
      assertThat(changed.description()).isNull();
      assertThat(changed.events()).isEmpty();
      assertThat(changed.headers()).isEmpty();
      assertThat(changed.active()).isTrue();
      assertThat(changed.failureCount()).isZero();

      assertThat(webhooks.update(p.orgId(), id, WebhookEndpointPatch.active(false)).active())
          .isFalse();
      assertThat(failure(() -> webhooks.sendTest(p.orgId(), id)).code())
          .isEqualTo(ErrorCode.CONFLICT);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anotherOrganizationsEndpointBehavesExactlyLikeAMissingOne(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal owner = t.organization("1.00");
      Principal stranger = t.organization("1.00");
      WebhookService webhooks = t.modelRoute.webhooks();
      String id = webhooks.create(owner.orgId(), WebhookEndpointRequest.of(URL)).endpoint().id();
      String delivery = webhooks.sendTest(owner.orgId(), id).id();
      String s = stranger.orgId();

      for (ThrowingCallable call :
          List.<ThrowingCallable>of(
              () -> webhooks.get(s, id),
              () -> webhooks.update(s, id, WebhookEndpointPatch.active(false)),
              () -> webhooks.delete(s, id),
              () -> webhooks.sendTest(s, id),
              () -> webhooks.deliveries(s, id, 10, null),
              () -> webhooks.delivery(s, id, delivery),
              () -> webhooks.retry(s, id, delivery),
              () -> webhooks.get(owner.orgId(), "wh_00000000-0000-0000-0000-000000000000"),
              () -> webhooks.get(owner.orgId(), "not-an-id"),
              () ->
                  webhooks.delivery(
                      owner.orgId(), id, "dlv_00000000-0000-0000-0000-000000000000"))) {
        assertThat(failure(call).code()).isEqualTo(ErrorCode.NOT_FOUND);
      }
      assertThat(webhooks.list(s)).isEmpty();
      assertThat(webhooks.get(owner.orgId(), id).active()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void badEventsHeadersDescriptionsAndUrlsAreRefusedWithFieldDetails(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      String org = t.organization("1.00").orgId();
      WebhookService webhooks = t.modelRoute.webhooks();
      assertRefused(
          () ->
              webhooks.create(
                  org,
                  new WebhookEndpointRequest(
                      URL, null, List.of("execution.completed", "execution.exploded"), Map.of())),
          "events[1]",
          FieldError.INVALID_VALUE);
      assertRefused(
          () ->
              webhooks.create(
                  org, new WebhookEndpointRequest(URL, null, List.of("webhook.test"), Map.of())),
          "events[0]",
          FieldError.INVALID_VALUE);
      for (String reserved :
          List.of("X-Signature", "webhook-signature", "Content-Type", "user-agent", "Host")) {
        assertRefused(
            () ->
                webhooks.create(
                    org, new WebhookEndpointRequest(URL, null, List.of(), Map.of(reserved, "x"))),
            "headers." + reserved,
            FieldError.INVALID_VALUE);
      }
      assertRefused(
          () ->
              webhooks.create(
                  org, new WebhookEndpointRequest(URL, null, List.of(), Map.of("Bad Name", "x"))),
          "headers.Bad Name",
          FieldError.INVALID_VALUE);
      assertRefused(
          () ->
              webhooks.create(
                  org,
                  new WebhookEndpointRequest(
                      URL, null, List.of(), Map.of("X-Evil", "a\r\nX-Signature: forged"))),
          "headers.X-Evil",
          FieldError.INVALID_VALUE);
      Map<String, String> twice = new LinkedHashMap<>();
      twice.put("X-Key", "1");
      twice.put("x-key", "2");
      assertRefused(
          () -> webhooks.create(org, new WebhookEndpointRequest(URL, null, List.of(), twice)),
          "headers.x-key",
          FieldError.INVALID_VALUE);
      Map<String, String> many = new LinkedHashMap<>();
      for (int i = 0; i < 21; i++) {
        many.put("X-H" + i, "v");
      }
      assertRefused(
          () -> webhooks.create(org, new WebhookEndpointRequest(URL, null, List.of(), many)),
          "headers",
          FieldError.OUT_OF_RANGE);
      assertRefused(
          () ->
              webhooks.create(
                  org, new WebhookEndpointRequest(URL, "d".repeat(501), List.of(), Map.of())),
          "description",
          FieldError.TOO_LONG);
      assertRefused(
          () ->
              webhooks.create(
                  org, WebhookEndpointRequest.of("http://127.0.0.1/" + "a".repeat(2048))),
          "url",
          FieldError.TOO_LONG);
      assertRefused(
          () -> webhooks.create(org, WebhookEndpointRequest.of(null)), "url", FieldError.REQUIRED);
      assertRefused(
          () -> webhooks.create(org, WebhookEndpointRequest.of("ftp://127.0.0.1/")),
          "url",
          FieldError.INVALID_VALUE);
      assertThat(webhooks.list(org)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOrganizationHasAtMostFiftyEndpoints(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      String org = t.organization("1.00").orgId();
      for (int i = 0; i < WebhookService.MAX_ENDPOINTS_PER_ORGANIZATION; i++) {
        t.modelRoute.webhooks().create(org, WebhookEndpointRequest.of(URL));
      }
      assertThat(
              failure(() -> t.modelRoute.webhooks().create(org, WebhookEndpointRequest.of(URL)))
                  .code())
          .isEqualTo(ErrorCode.CONFLICT);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void withoutPrivateNetworksEndpointAndExecutionUrlsReachingPrivateOrMetadataAddressesAreRefused(
      Dialect dialect) {
    FakeDns dns =
        new FakeDns()
            .set("hooks.example.com", "93.184.215.14")
            .set("internal.example", "10.0.0.1")
            .set("metadata.example", "169.254.169.254")
            .set("loopback.example", "127.0.0.1");
    try (TestEngine t =
        TestEngine.start(dialect, b -> b.webhooks(WebhookSettings.defaults().withResolver(dns)))) {
      Principal p = t.organization("1.00");
      WebhookService webhooks = t.modelRoute.webhooks();
      List<String> refused =
          List.of(
              "https://127.0.0.1/hook",
              "https://10.0.0.1/hook",
              "https://169.254.169.254/latest/meta-data/",
              "https://internal.example/hook",
              "https://metadata.example/",
              "https://loopback.example/",
              "http://hooks.example.com/hook",
              "https://[::1]/hook");
      for (String url : refused) {
        assertRefused(
            () -> webhooks.create(p.orgId(), WebhookEndpointRequest.of(url)),
            "url",
            FieldError.INVALID_VALUE);
        assertRefused(
            () ->
                t.modelRoute
                    .executions()
                    .create(
                        p,
                        new CreateExecution(
                            "test-image",
                            Json.readObject("{\"prompt\":\"x\"}"),
                            url,
                            Map.of(),
                            ExecutionMode.ASYNC),
                        null,
                        null),
            "webhook_url",
            FieldError.INVALID_VALUE);
      }
      String id =
          webhooks
              .create(p.orgId(), WebhookEndpointRequest.of("https://hooks.example.com/hook"))
              .endpoint()
              .id();
      assertRefused(
          () ->
              webhooks.update(
                  p.orgId(),
                  id,
                  new WebhookEndpointPatch("https://internal.example/", null, null, null, null)),
          "url",
          FieldError.INVALID_VALUE);
      assertThat(webhooks.get(p.orgId(), id).url()).isEqualTo("https://hooks.example.com/hook");
      assertThat(
              t.modelRoute
                  .executions()
                  .create(
                      p,
                      new CreateExecution(
                          "test-image",
                          Json.readObject("{\"prompt\":\"x\"}"),
                          "https://hooks.example.com/exec",
                          Map.of(),
                          ExecutionMode.ASYNC),
                      null,
                      null)
                  .statusCode())
          .isEqualTo(202);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aNameThatResolvesPrivatelyAfterRegistrationIsRefusedAtDeliveryAndNothingIsSent(
      Dialect dialect) {
    FakeDns dns = new FakeDns().set("hooks.example.com", "93.184.215.14");
    try (TestEngine t =
            TestEngine.start(
                dialect, b -> b.webhooks(WebhookSettings.defaults().withResolver(dns)));
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("1.00");
      String port = receiver.url("").replaceAll(".*:", "");
      String id =
          t.modelRoute
              .webhooks()
              .create(
                  p.orgId(),
                  WebhookEndpointRequest.of("https://hooks.example.com:" + port + "/hook"))
              .endpoint()
              .id();
      dns.set("hooks.example.com", "127.0.0.1"); // DNS now points at the local receiver
      String delivery = t.modelRoute.webhooks().sendTest(p.orgId(), id).id();

      assertThat(t.modelRoute.webhookWorker().runOnce(t.clock.instant())).isEqualTo(1);

      assertThat(receiver.requests()).isEmpty();
      WebhookDelivery d = t.modelRoute.webhooks().delivery(p.orgId(), id, delivery);
      assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(d.lastStatusCode()).isNull();
      assertThat(d.lastError()).startsWith("refused: ").contains("loopback");
      assertThat(t.modelRoute.webhooks().attempts(p.orgId(), id, delivery))
          .singleElement()
          .satisfies(a -> assertThat(a.error()).contains("127.0.0.1"));
    }
  }
}
