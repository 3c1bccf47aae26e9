package io.modelroute.cli.client;

import java.time.Instant;

/**
 * One attempt of a webhook delivery (SPEC §8). Immutable.
 *
 * @param attempt 1 for the first
 * @param responseCode the receiver's HTTP status, or {@code null} when it did not answer
 * @param latencyMs how long the attempt took, or {@code null}
 * @param error why it failed without a status (timeout, refused address …), or {@code null}
 * @param attemptedAt when it was made
 */
public record WebhookDeliveryAttempt(int attempt, Integer responseCode, Long latencyMs, String error, Instant attemptedAt) {}
