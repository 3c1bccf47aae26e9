package io.modelroute.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A node of the cluster as operators see it ({@link Cluster#nodes}). A snapshot; immutable.
 *
 * @param stoppedAt when it stopped cleanly; null while it runs (or died without stopping)
 * @param leasedExecutions executions it holds an unexpired lease on right now
 */
public record Node(
    String nodeId,
    State state,
    Instant startedAt,
    Instant lastHeartbeat,
    Instant stoppedAt,
    String version,
    String host,
    long pid,
    int workerThreads,
    int leasedExecutions) {

  /** Whether a node is working, has gone silent, or said goodbye. */
  public enum State {
    /** Running, with a heartbeat within the staleness bound. */
    LIVE,
    /** Registered as running but silent past the staleness bound: most likely dead. */
    STALE,
    /** Stopped cleanly (its leases and permits were given back). */
    STOPPED
  }

  public Node {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(host, "host");
  }

  /**
   * The state of a node whose row says {@code running} and {@code lastHeartbeat}, at {@code now}.
   */
  static State state(boolean running, Instant lastHeartbeat, Instant now, Duration staleAfter) {
    if (!running) {
      return State.STOPPED;
    }
    return lastHeartbeat.plus(staleAfter).isBefore(now) ? State.STALE : State.LIVE;
  }
}
