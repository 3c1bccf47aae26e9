package io.modelroute.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One event on its way to one target: a registered endpoint, or an execution's own {@code
 * webhook_url}. Retried per {@link RetrySchedule}; every attempt is logged ({@link
 * DeliveryAttempt}).
 *
 * @param endpointId the endpoint, or null for an execution's {@code webhook_url}
 * @param url the target of a {@code webhook_url} delivery, or null for an endpoint's (which goes to
 *     the endpoint's current URL)
 * @param eventType {@code execution.started}, … or {@code webhook.test}
 * @param executionId the execution the event is about, or null for a test event
 * @param attempts attempts started so far
 * @param lastStatusCode the HTTP status of the last answer, or null (none yet, or no answer)
 * @param lastLatencyMs how long the last attempt took, or null
 * @param lastError why the last attempt failed without an HTTP status, or null
 * @param nextAttemptAt when it is tried next while PENDING, else null
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
