package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Receiver outages against the docs/webhooks.md rule: deactivation only after failures spanning
 * longer than the retry schedule, nothing dropped while an endpoint is inactive, and "recover since
 * T". A settable clock drives the worker minute by minute; the receiver is a real local server.
 */
class WebhookOutageTest {
  private static String run(TestEngine t, Principal p, String prompt) {
    String id =
        t.modelRoute
            .executions()
            .create(
                p,
                CreateExecution.of(
                    "test-image", Json.readObject("{\"prompt\":\"" + prompt + "\"}")),
                null,
                null)
            .executionId();
    t.modelRoute.dispatcher().runOnce(t.clock.instant());
    return id;
  }

  private static String endpoint(TestEngine t, Principal p, String url) {
    return t.modelRoute
        .webhooks()
        .create(p.orgId(), new WebhookEndpointRequest(url, null, List.of(), Map.of()))
        .endpoint()
        .id();
  }

  /** Every event id the endpoint has deliveries for (2 per execution: started, completed). */
  private static Set<String> eventIds(TestEngine t, Principal p, String endpointId) {
    Set<String> ids = new HashSet<>();
    String after = null;
    while (true) {
      var page = t.modelRoute.webhooks().deliveries(p.orgId(), endpointId, 100, after);
      page.data().forEach(d -> ids.add(d.eventId()));
      if (!page.hasMore()) {
        return ids;
      }
      after = page.nextCursor();
    }
  }

  private static Set<String> received(RecordingWebhookReceiver receiver) {
    Set<String> ids = new HashSet<>();
    receiver.bodies().forEach(b -> ids.add(b.get("id").asText()));
    return ids;
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aFiveMinuteReceiverOutageWithManyDeliveriesLosesNoEventAndDoesNotDeactivateTheEndpoint(
      Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("50.00");
      String endpointId = endpoint(t, p, receiver.url("/hooks"));
      DeliveryWorker worker = t.modelRoute.webhookWorker();
      Instant t0 = t.clock.instant();
      receiver.stop();
      // 5 minutes down, 4 executions (8 events) every 30 s: 80 events fail, many in the same minute
      for (int s = 0; s < 300; s += 30) {
        t.clock.set(t0.plusSeconds(s));
        for (int i = 0; i < 4; i++) {
          run(t, p, "during the outage " + s + "/" + i);
        }
        worker.runOnce(t.clock.instant());
        assertThat(t.modelRoute.webhooks().get(p.orgId(), endpointId).active())
            .as("active at +%d s", s)
            .isTrue();
      }
      receiver.start();
      for (int m = 5; m <= 40; m++) {
        worker.runOnce(t0.plus(Duration.ofMinutes(m)));
      }

      WebhookEndpoint after = t.modelRoute.webhooks().get(p.orgId(), endpointId);
      assertThat(after.active()).isTrue();
      assertThat(after.failureCount()).isZero();
      Set<String> events = eventIds(t, p, endpointId);
      assertThat(events).hasSize(80);
      assertThat(received(receiver)).containsAll(events);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aLongOutageDeactivatesTheEndpointLaterEventsAreKeptAndReactivationAndRecoverDeliverEveryOne(
      Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect);
        RecordingWebhookReceiver receiver = RecordingWebhookReceiver.started()) {
      Principal p = t.organization("50.00");
      String endpointId = endpoint(t, p, receiver.url("/hooks"));
      DeliveryWorker worker = t.modelRoute.webhookWorker();
      WebhookService webhooks = t.modelRoute.webhooks();
      Instant t0 = t.clock.instant();
      receiver.stop();
      Instant deactivatedAt = null;
      // down for two hours, an execution every 5 minutes, the worker running every minute
      for (int m = 0; m <= 120; m++) {
        t.clock.set(t0.plus(Duration.ofMinutes(m)));
        if (m % 5 == 0) {
          run(t, p, "during the long outage " + m);
        }
        worker.runOnce(t.clock.instant());
        if (deactivatedAt == null && !webhooks.get(p.orgId(), endpointId).active()) {
          deactivatedAt = t.clock.instant();
        }
      }
      assertThat(deactivatedAt).as("deactivated").isNotNull();
      assertThat(Duration.between(t0, deactivatedAt)).isGreaterThan(RetrySchedule.SPAN);
      Instant off = deactivatedAt;
      List<WebhookDelivery> log = webhooks.deliveries(p.orgId(), endpointId, 100, null).data();
      assertThat(log).hasSize(2 * 25);
      assertThat(log)
          .filteredOn(d -> d.createdAt().isAfter(off))
          .isNotEmpty()
          .allSatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.PAUSED));
      assertThat(log).extracting(WebhookDelivery::status).doesNotContain(DeliveryStatus.SUCCEEDED);

      receiver.start();
      Instant back = t0.plus(Duration.ofMinutes(121));
      t.clock.set(back);
      webhooks.update(p.orgId(), endpointId, WebhookEndpointPatch.active(true));
      worker.runOnce(back);
      long failed =
          webhooks.deliveries(p.orgId(), endpointId, 100, null).data().stream()
              .filter(d -> d.status() == DeliveryStatus.FAILED)
              .count();
      assertThat(failed)
          .as("the first events used all their attempts before the endpoint was switched off")
          .isPositive();

      assertThat(webhooks.recover(p.orgId(), endpointId, t0)).isEqualTo((int) failed);
      worker.runOnce(back);
      assertThat(webhooks.deliveries(p.orgId(), endpointId, 100, null).data())
          .extracting(WebhookDelivery::status)
          .containsOnly(DeliveryStatus.SUCCEEDED);
      assertThat(received(receiver)).containsAll(eventIds(t, p, endpointId)).hasSize(50);
      assertThat(webhooks.recover(p.orgId(), endpointId, t0))
          .as("nothing left to recover")
          .isZero();
    }
  }
}
