package io.modelroute.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One event on its way to one target: a registered endpoint, or an execution's own {@code
 * webhook_url}. Retried on the schedule of docs/webhooks.md; every attempt is logged ({@link
 * DeliveryAttempt}). {@link WebhookService} returns them from its delivery log. Immutable; safe to
 * share.
 *
 * @param id the delivery's id, {@code dlv_…}
 * @param orgId the organization the event belongs to
 * @param endpointId the endpoint, or null for an execution's {@code webhook_url}
 * @param url the target of a {@code webhook_url} delivery, or null for an endpoint's (which goes to
 *     the endpoint's current URL)
 * @param eventId the event's id, the same for every delivery of one event (the {@code webhook-id})
 * @param eventType {@code execution.started}, … or {@code webhook.test}
 * @param executionId the execution the event is about, or null for a test event
 * @param status where the delivery stands
 * @param attempts attempts started so far
 * @param lastStatusCode the HTTP status of the last answer, or null (none yet, or no answer)
 * @param lastLatencyMs how long the last attempt took, or null
 * @param lastError why the last attempt failed without an HTTP status, or null
 * @param lastAttemptAt when the last attempt started, or null
 * @param nextAttemptAt when it is tried next while PENDING, else null
 * @param createdAt when its event was recorded (the delivery is queued in the same transaction)
 * @param expiresAt after this it is FAILED without further attempts
 * @param completedAt when it became SUCCEEDED or FAILED, else null
 */
public record WebhookDelivery(
    String id,
    String orgId,
    String endpointId,
    String url,
    String eventId,
    String eventType,
    String executionId,
    DeliveryStatus status,
    int attempts,
    Integer lastStatusCode,
    Long lastLatencyMs,
    String lastError,
    Instant lastAttemptAt,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant expiresAt,
    Instant completedAt) {
  /** Checks that the required components are there. */
  public WebhookDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
