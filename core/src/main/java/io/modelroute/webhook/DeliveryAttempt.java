package io.modelroute.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One logged attempt of a delivery, as {@link WebhookService#attempts} returns it. Immutable; safe
 * to share.
 *
 * @param attempt 1 for the first attempt, 2 for the first retry, …
 * @param statusCode the receiver's HTTP status, or null when there was no answer
 * @param latencyMs from the start of the attempt to the answer (or the failure)
 * @param error why it failed without a 2xx (no answer, refused address, redirect, or {@code
 *     "response: "} and the start of a 4xx/5xx answer's body), or null
 * @param attemptedAt when the attempt started
 */
public record DeliveryAttempt(
    int attempt, Integer statusCode, long latencyMs, String error, Instant attemptedAt) {
  /** Checks that the attempt's time is there. */
  public DeliveryAttempt {
    Objects.requireNonNull(attemptedAt, "attemptedAt");
  }

  /** Whether the receiver answered 2xx. */
  public boolean succeeded() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }
}
