package io.modelroute.worker;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dispatcher behaves.
 *
 * @param nodeId this node's name in leases ({@code claimed_by})
 * @param threads worker threads, and so the most executions this node runs at once
 * @param pollInterval how often the database is asked for due work when nothing wakes the loop
 * @param lease how long a claim lasts without a heartbeat; after that other nodes may take over
 * @param maxAttemptsPerRoute tries on one route before failing over to the next
 * @param retryBaseDelay first retry delay on a route; doubles per try
 */
public record DispatcherSettings(
    String nodeId,
    int threads,
    Duration pollInterval,
    Duration lease,
    int maxAttemptsPerRoute,
    Duration retryBaseDelay) {
  public static final int DEFAULT_THREADS = 16;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_ATTEMPTS_PER_ROUTE = 3;
  public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofSeconds(1);

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
  }

  /** The defaults, for a node named {@code nodeId}. */
  public static DispatcherSettings defaults(String nodeId) {
    return new DispatcherSettings(nodeId, DEFAULT_THREADS, DEFAULT_POLL_INTERVAL, DEFAULT_LEASE,
        DEFAULT_MAX_ATTEMPTS_PER_ROUTE, DEFAULT_RETRY_BASE_DELAY);
  }
}
