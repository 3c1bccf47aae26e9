package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One attempt of a webhook delivery, an item of {@link WebhookDelivery#attemptLog()}.
 *
 * @param attempt 1 for the first
 * @param responseCode the receiver's HTTP status, or {@code null} when it did not answer
 * @param latencyMs how long the attempt took
 * @param error why it failed without a status (timeout, refused address …), or {@code null}
 * @param attemptedAt when it was made
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookDeliveryAttempt(
    @JsonProperty("attempt") int attempt,
    @JsonProperty("response_code") Integer responseCode,
    @JsonProperty("latency_ms") Long latencyMs,
    @JsonProperty("error") String error,
    @JsonProperty("attempted_at") Instant attemptedAt) {}
