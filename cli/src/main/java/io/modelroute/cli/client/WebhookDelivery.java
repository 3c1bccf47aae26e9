package io.modelroute.cli.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One event's delivery to one endpoint, with its attempts (SPEC §8). {@code attemptLog} is only
 * filled by {@link WebhooksApi#delivery}; listings leave it empty. Immutable.
 *
 * @param id the delivery id
 * @param endpointId {@code wh_…}
 * @param eventId {@code evt_…}
 * @param eventType {@code execution.completed}, {@code webhook.test}, …
 * @param executionId the execution, or {@code null} for a test event
 * @param status {@code PENDING}, {@code DELIVERED}, {@code FAILED}, …
 * @param attempts attempts made so far
 * @param lastResponseCode the last HTTP status received, or {@code null}
 * @param lastLatencyMs the last attempt's duration, or {@code null}
 * @param lastError the last failure without a status, or {@code null}
 * @param lastAttemptAt when the last attempt was made, or {@code null}
 * @param nextAttemptAt when the next attempt is due, or {@code null}
 * @param createdAt when the event was queued
 * @param expiresAt when it stops being retried
 * @param completedAt when it was delivered or given up, or {@code null}
 * @param attemptLog every attempt, oldest first, on a single read; else empty
 */
public record WebhookDelivery(
    String id,
    String endpointId,
    String eventId,
    String eventType,
    String executionId,
    String status,
    int attempts,
    Integer lastResponseCode,
    Long lastLatencyMs,
    String lastError,
    Instant lastAttemptAt,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant expiresAt,
    Instant completedAt,
    List<WebhookDeliveryAttempt> attemptLog) {
  public WebhookDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    attemptLog = attemptLog == null ? List.of() : List.copyOf(attemptLog);
  }
}
