package io.modelroute.http;

import io.modelroute.api.DeliveryStatus;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.webhook.DeliveryAttempt;
import io.modelroute.webhook.WebhookDelivery;
import io.modelroute.webhook.WebhookEndpoint;
import java.util.List;

/**
 * The wire records of webhook endpoints and deliveries (docs/webhooks.md), built from the domain
 * ones.
 */
final class WebhookJson {
  private WebhookJson() {}

  /** An endpoint as every read shows it: never the secret. */
  static io.modelroute.api.WebhookEndpoint endpoint(WebhookEndpoint e) {
    return new io.modelroute.api.WebhookEndpoint(
        e.id(),
        e.url(),
        e.description(),
        e.events(),
        e.headers(),
        e.active(),
        e.failureCount(),
        ExecutionJson.instant(e.lastSuccess()),
        ExecutionJson.instant(e.lastFailure()),
        ExecutionJson.instant(e.createdAt()),
        null);
  }

  /** A delivery of the log: its event, status, attempts, the last answer and the next attempt. */
  static io.modelroute.api.WebhookDelivery delivery(WebhookDelivery d) {
    return new io.modelroute.api.WebhookDelivery(
        d.id(),
        d.endpointId(),
        d.eventId(),
        d.eventType(),
        d.executionId(),
        DeliveryStatus.valueOf(d.status().name()),
        d.attempts(),
        d.lastStatusCode(),
        d.lastLatencyMs(),
        d.lastError(),
        ExecutionJson.instant(d.lastAttemptAt()),
        ExecutionJson.instant(d.nextAttemptAt()),
        ExecutionJson.instant(d.createdAt()),
        ExecutionJson.instant(d.expiresAt()),
        ExecutionJson.instant(d.completedAt()),
        null);
  }

  /** A delivery with its full attempt log. */
  static io.modelroute.api.WebhookDelivery delivery(
      WebhookDelivery d, List<DeliveryAttempt> attempts) {
    return delivery(d)
        .withAttemptLog(
            attempts.stream()
                .map(
                    a ->
                        new io.modelroute.api.WebhookDeliveryAttempt(
                            a.attempt(),
                            a.statusCode(),
                            a.latencyMs(),
                            a.error(),
                            ExecutionJson.instant(a.attemptedAt())))
                .toList());
  }
}
