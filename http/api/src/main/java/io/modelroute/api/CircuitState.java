package io.modelroute.api;

/** A circuit breaker's state as {@code GET /admin/v1/providers} reports it. */
public enum CircuitState {
  /** Calls go through. */
  CLOSED,
  /**
   * Calls are skipped until the open period ends (for a provider: every model it was called for is
   * open).
   */
  OPEN,
  /**
   * One probe is let through (for a provider: some of its models are open or probing, others not).
   */
  HALF_OPEN
}
