package io.modelroute.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The delivery contract of docs/webhooks.md: one attempt, then retries 2, 4, 8, 16 and 30 minutes
 * after each failure (six attempts in all); a delivery expires 24 hours after its event; ten
 * consecutive failed attempts across an endpoint's deliveries deactivate it, but only when they
 * span longer than the whole schedule ({@link #SPAN}) and counting failures of the same minute
 * once, so a burst of deliveries failing together or an outage shorter than the schedule never
 * deactivates an endpoint.
 */
final class RetrySchedule {
  /** Delay after the 1st, 2nd, … failed attempt. */
  static final List<Duration> DELAYS =
      List.of(
          Duration.ofMinutes(2),
          Duration.ofMinutes(4),
          Duration.ofMinutes(8),
          Duration.ofMinutes(16),
          Duration.ofMinutes(30));

  /** The first attempt and one per retry. */
  static final int MAX_ATTEMPTS = DELAYS.size() + 1;

  static final Duration EXPIRY = Duration.ofHours(24);
  static final int DEACTIVATE_AFTER_FAILURES = 10;

  /** The whole retry schedule (one hour): a run of failures must last longer to deactivate. */
  static final Duration SPAN = DELAYS.stream().reduce(Duration.ZERO, Duration::plus);

  /** Failures within one such slot (a calendar minute) count once. */
  static final Duration FAILURE_SLOT = Duration.ofMinutes(1);

  private RetrySchedule() {}

  /**
   * When to try again after attempt number {@code attempts} failed at {@code at}, or empty when the
   * delivery has no attempt left or the next one would fall after {@code expiresAt}.
   */
  static Optional<Instant> nextAttempt(
      int attempts, int maxAttempts, Instant at, Instant expiresAt) {
    if (attempts >= maxAttempts) {
      return Optional.empty();
    }
    Instant next = at.plus(DELAYS.get(Math.min(attempts, DELAYS.size()) - 1));
    return next.isAfter(expiresAt) ? Optional.empty() : Optional.of(next);
  }
}
