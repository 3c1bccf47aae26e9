package io.modelroute.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher behaves; set with {@link io.modelroute.ModelRouteConfig.Builder#dispatcher}.
 * Immutable.
 *
 * @param nodeId this node's name in leases ({@code claimed_by})
 * @param threads worker slots, and so the most executions this node works on at once (claiming,
 *     calling a provider, settling)
 * @param pollInterval how often the database is asked for due work when nothing wakes the loop
 * @param lease how long a claim lasts without a heartbeat; after that other nodes may take over
 * @param maxAttemptsPerRoute tries on one route before failing over to the next
 * @param retryBaseDelay first retry delay on a route; doubles per try
 * @param maxCallsPerProvider the most provider calls this node has running at one provider (its own
 *     threads), whatever the provider's bulkhead says; kept below {@code threads} so a hung
 *     provider leaves slots for the others. Default: three quarters of {@code threads}
 * @param maxAttemptTimeout the longest one provider call may take; an attempt's timeout is the
 *     least of this, a third of the model's timeout and the time left before the execution's {@code
 *     expires_at}. A call that runs out fails the attempt with a retryable {@code
 *     GENERATION_TIMEOUT} and the route fails over
 */
public record DispatcherSettings(
    String nodeId,
    int threads,
    Duration pollInterval,
    Duration lease,
    int maxAttemptsPerRoute,
    Duration retryBaseDelay,
    int maxCallsPerProvider,
    Duration maxAttemptTimeout) {
  public static final int DEFAULT_THREADS = 16;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_ATTEMPTS_PER_ROUTE = 3;
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_ATTEMPT_TIMEOUT = Duration.ofSeconds(60);

  /** An attempt gets at most this fraction (1 / n) of the model's timeout. */
  public static final int ATTEMPTS_PER_TIMEOUT = 3;

  public DispatcherSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lease, "lease");
    if (maxAttemptsPerRoute < 1) {
      throw new IllegalArgumentException("maxAttemptsPerRoute must be at least 1");
    }
    Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
    if (maxCallsPerProvider < 1 || maxCallsPerProvider > threads) {
      throw new IllegalArgumentException("maxCallsPerProvider must be between 1 and threads");
    }
    Objects.requireNonNull(maxAttemptTimeout, "maxAttemptTimeout");
    if (maxAttemptTimeout.isNegative() || maxAttemptTimeout.isZero()) {
      throw new IllegalArgumentException("maxAttemptTimeout must be positive");
    }
  }

  /** Settings with the default per-provider share and attempt timeout. */
  public DispatcherSettings(
      String nodeId,
      int threads,
      Duration pollInterval,
      Duration lease,
      int maxAttemptsPerRoute,
      Duration retryBaseDelay) {
    this(
        nodeId,
        threads,
        pollInterval,
        lease,
        maxAttemptsPerRoute,
        retryBaseDelay,
        defaultCallsPerProvider(threads),
        DEFAULT_MAX_ATTEMPT_TIMEOUT);
  }

  /** The defaults, for a node named {@code nodeId}. */
  public static DispatcherSettings defaults(String nodeId) {
    return new DispatcherSettings(
        nodeId,
        DEFAULT_THREADS,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_LEASE,
        DEFAULT_MAX_ATTEMPTS_PER_ROUTE,
        DEFAULT_RETRY_BASE_DELAY);
  }

  /** Three quarters of the worker slots (at least one), so one provider never takes them all. */
  public static int defaultCallsPerProvider(int threads) {
    return Math.max(1, threads * 3 / 4);
  }

  /** The same settings with another attempt timeout cap. */
  public DispatcherSettings withMaxAttemptTimeout(Duration timeout) {
    return new DispatcherSettings(
        nodeId,
        threads,
        pollInterval,
        lease,
        maxAttemptsPerRoute,
        retryBaseDelay,
        maxCallsPerProvider,
        timeout);
  }

  /** The same settings with another per-provider share of calls. */
  public DispatcherSettings withMaxCallsPerProvider(int calls) {
    return new DispatcherSettings(
        nodeId,
        threads,
        pollInterval,
        lease,
        maxAttemptsPerRoute,
        retryBaseDelay,
        calls,
        maxAttemptTimeout);
  }
}
