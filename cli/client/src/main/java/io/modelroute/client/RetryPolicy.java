package io.modelroute.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ModelRouteClient} repeats a request that failed with a retryable error ({@code 429
 * RATE_LIMITED}, a retryable 5xx, a {@code 409} "still in flight", a connection failure). Only
 * requests that are safe to repeat are ever retried: reads, {@code POST /v1/executions} (it always
 * carries an {@code Idempotency-Key}), cancel and confirm (idempotent by docs/concepts.md and
 * docs/files.md).
 *
 * <p>The delay before retry {@code n} (0-based) is the server's {@code Retry-After} when it sent
 * one, else {@code initialDelay × 2ⁿ} capped at {@code maxDelay}. A {@code Retry-After} longer than
 * {@code maxRetryAfter} is not waited out: the error is thrown at once, carrying it. Immutable.
 *
 * @param maxRetries how many times a request is repeated after its first failure (0 = never)
 * @param initialDelay the backoff before the first retry when the server gave no {@code
 *     Retry-After}
 * @param maxDelay the longest backoff between two attempts
 * @param maxRetryAfter the longest {@code Retry-After} the client waits for before retrying
 */
public record RetryPolicy(
    int maxRetries, Duration initialDelay, Duration maxDelay, Duration maxRetryAfter) {
  /** Retries after the first failure. */
  public static final int DEFAULT_MAX_RETRIES = 3;

  /** Backoff before the first retry. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(500);

  /** Longest backoff. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(8);

  /** Longest {@code Retry-After} waited for. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
    }
    requirePositive(initialDelay, "initialDelay");
    requirePositive(maxDelay, "maxDelay");
    requirePositive(maxRetryAfter, "maxRetryAfter");
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be >= initialDelay");
    }
  }

  /** Three retries, 0.5 s doubling up to 8 s, {@code Retry-After} honoured up to 60 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_RETRY_AFTER);
  }

  /** Never retry: every failure is thrown as it happens. */
  public static RetryPolicy none() {
    return defaults().withMaxRetries(0);
  }

  /** This policy with {@code maxRetries} retries. */
  public RetryPolicy withMaxRetries(int maxRetries) {
    return new RetryPolicy(maxRetries, initialDelay, maxDelay, maxRetryAfter);
  }

  /**
   * The wait before retry number {@code retry} (0-based) of a request whose failure asked for
   * {@code retryAfter} ({@code null} when it did not); empty when that wait is too long to honour.
   */
  Optional<Duration> delay(int retry, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxRetryAfter) <= 0 ? Optional.of(retryAfter) : Optional.empty();
    }
    return Optional.of(backoff(retry));
  }

  /** {@code initialDelay × 2^retry}, capped at {@code maxDelay}. */
  Duration backoff(int retry) {
    Duration d = initialDelay;
    for (int i = 0; i < retry && d.compareTo(maxDelay) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxDelay) <= 0 ? d : maxDelay;
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
