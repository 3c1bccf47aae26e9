package io.modelroute.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * Resilience settings for one provider.
 *
 * @param failureThreshold consecutive retryable failures that open the circuit
 * @param openDuration how long an open circuit skips the provider before one half-open probe
 * @param maxConcurrent bulkhead: the most attempts this node has in flight at the provider
 *     (running calls plus jobs it started and is awaiting)
 */
public record ProviderLimits(int failureThreshold, Duration openDuration, int maxConcurrent) {
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONCURRENT = 256;
  /** The defaults. */
  public static final ProviderLimits DEFAULTS =
      new ProviderLimits(DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_DURATION, DEFAULT_MAX_CONCURRENT);

  /** For providers that run locally and cheaply (the built-in demo): no practical bulkhead. */
  public static final ProviderLimits LOCAL =
      new ProviderLimits(DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_DURATION, 100_000);

  public ProviderLimits {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
    Objects.requireNonNull(openDuration, "openDuration");
    if (openDuration.isNegative()) {
      throw new IllegalArgumentException("openDuration must not be negative");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
  }
}
