package io.modelroute.api;

/** A server node as {@code GET /admin/v1/nodes} reports it. */
public enum NodeState {
  /** Running, with a recent heartbeat. */
  LIVE,
  /** Registered as running but silent past {@code stale_after_seconds}. */
  STALE,
  /** Stopped cleanly. */
  STOPPED
}
