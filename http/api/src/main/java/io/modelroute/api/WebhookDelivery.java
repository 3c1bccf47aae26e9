package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * One event's delivery to one endpoint (docs/webhooks.md): the items of {@code GET
 * /v1/webhooks/endpoints/{id}/deliveries} (a {@link Page}), the {@code 202} answers to {@code
 * …/test} and {@code …/deliveries/{id}/retry}, and with {@code attempt_log}, {@code GET
 * …/deliveries/{id}}. Everywhere but that single read {@code attemptLog} is {@code null} and left
 * out of the JSON.
 *
 * @param id the delivery id
 * @param endpointId {@code wh_…}
 * @param eventId {@code evt_…}
 * @param eventType {@code execution.completed}, {@code webhook.test}, … (see {@link EventType})
 * @param executionId the execution, or {@code null} for a test event
 * @param status where it stands
 * @param attempts attempts made so far
 * @param lastResponseCode the last HTTP status received, or {@code null}
 * @param lastLatencyMs the last attempt's duration, or {@code null}
 * @param lastError the last failure without a status, or {@code null}
 * @param lastAttemptAt when the last attempt was made, or {@code null}
 * @param nextAttemptAt when the next attempt is due, or {@code null}
 * @param createdAt when the event was queued
 * @param expiresAt when it stops being retried
 * @param completedAt when it was delivered or given up, or {@code null}
 * @param attemptLog every attempt, oldest first, on the single read; else {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookDelivery(
    @JsonProperty("id") String id,
    @JsonProperty("endpoint_id") String endpointId,
    @JsonProperty("event_id") String eventId,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("status") DeliveryStatus status,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("last_response_code") Integer lastResponseCode,
    @JsonProperty("last_latency_ms") Long lastLatencyMs,
    @JsonProperty("last_error") String lastError,
    @JsonProperty("last_attempt_at") Instant lastAttemptAt,
    @JsonProperty("next_attempt_at") Instant nextAttemptAt,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("completed_at") Instant completedAt,
    @JsonProperty("attempt_log") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<WebhookDeliveryAttempt> attemptLog) {
  public WebhookDelivery {
    attemptLog = Copies.list(attemptLog);
  }

  /** This delivery with its attempt log. */
  public WebhookDelivery withAttemptLog(List<WebhookDeliveryAttempt> log) {
    return new WebhookDelivery(
        id,
        endpointId,
        eventId,
        eventType,
        executionId,
        status,
        attempts,
        lastResponseCode,
        lastLatencyMs,
        lastError,
        lastAttemptAt,
        nextAttemptAt,
        createdAt,
        expiresAt,
        completedAt,
        log);
  }
}
