package io.modelroute.worker;

import io.modelroute.worker.internal.ProviderPermits;
import java.time.Duration;
import java.util.Objects;

/**
 * Resilience settings for one provider, set by provider name with {@link
 * io.modelroute.ModelRouteConfig.Builder#providerLimits}. Immutable.
 *
 * @param failureThreshold consecutive retryable failures of one provider model that open its
 *     circuit
 * @param openDuration how long an open circuit skips that provider model before one half-open probe
 * @param maxConcurrent bulkhead: the most executions this node has in flight at the provider, all
 *     its models together (running calls plus jobs it started and is awaiting: a Replicate
 *     prediction waiting for its callback counts); {@link #FROM_WORKERS} means {@link
 *     #defaultMaxConcurrent(int) three quarters of the worker pool}. The threads that make provider
 *     calls are bounded separately, per provider, by {@link
 *     DispatcherSettings#maxCallsPerProvider()} (three quarters of the pool), so a provider whose
 *     calls hang can never hold every worker whatever its bulkhead says. A finite value configured
 *     for a provider holds for the whole cluster when the nodes share a PostgreSQL named by URL
 *     (leased permit slots, see {@link ProviderPermits}); defaults stay per node
 */
public record ProviderLimits(int failureThreshold, Duration openDuration, int maxConcurrent) {
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);

  /** {@link #maxConcurrent()} value meaning "derived from the worker pool": the default. */
  public static final int FROM_WORKERS = 0;

  /** Executions in flight at one remote provider per node unless configured. */
  public static final int DEFAULT_MAX_CONCURRENT = 256;

  /** The defaults for a remote provider. */
  public static final ProviderLimits DEFAULTS =
      new ProviderLimits(DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_DURATION, DEFAULT_MAX_CONCURRENT);

  /**
   * The defaults for the local {@code demo} provider: its pending jobs cost nothing while they wait
   * out their latency, so only its calls (bounded per provider like any other) are limited.
   */
  public static final ProviderLimits LOCAL =
      new ProviderLimits(DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_DURATION, Integer.MAX_VALUE);

  public ProviderLimits {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
    Objects.requireNonNull(openDuration, "openDuration");
    if (openDuration.isNegative()) {
      throw new IllegalArgumentException("openDuration must not be negative");
    }
    if (maxConcurrent < 0) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1, or FROM_WORKERS (0)");
    }
  }

  /**
   * The bulkhead a provider gets by default on a node with {@code workers} worker threads: {@code
   * max(1, workers × 3/4)}, strictly below the pool (for pools of two or more), so that one slow or
   * hung provider can never hold every worker.
   */
  public static int defaultMaxConcurrent(int workers) {
    return Math.max(1, workers * 3 / 4);
  }

  /** The bulkhead in effect on a node with {@code workers} worker threads. */
  public int maxConcurrentFor(int workers) {
    return maxConcurrent == FROM_WORKERS ? defaultMaxConcurrent(workers) : maxConcurrent;
  }
}
