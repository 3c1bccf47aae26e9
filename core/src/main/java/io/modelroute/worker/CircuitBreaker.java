package io.modelroute.worker;

import java.time.Instant;

/**
 * A per-provider circuit breaker: CLOSED lets everything through and counts consecutive
 * retryable failures; at the threshold it OPENs and refuses for the open duration; then it lets
 * exactly one probe through (HALF_OPEN): success closes it, failure opens it again. Times come
 * from the caller, so tests drive it with a settable clock. Thread-safe.
 */
final class CircuitBreaker {
  enum State { CLOSED, OPEN, HALF_OPEN }

  private final ProviderLimits limits;
  private State state = State.CLOSED;
  private int failures;
  private Instant openUntil = Instant.MIN;
  private boolean probeInFlight;

  CircuitBreaker(ProviderLimits limits) {
    this.limits = limits;
  }

  /** Whether an attempt may go to the provider now; in HALF_OPEN only one probe at a time. */
  synchronized boolean tryAcquire(Instant now) {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (now.isBefore(openUntil)) {
          return false;
        }
        state = State.HALF_OPEN;
        probeInFlight = true;
        return true;
      case HALF_OPEN:
      default:
        if (probeInFlight) {
          return false;
        }
        probeInFlight = true;
        return true;
    }
  }

  /** Gives back an acquisition that was not used (e.g. the bulkhead was full). */
  synchronized void release() {
    if (state == State.HALF_OPEN) {
      probeInFlight = false;
    }
  }

  synchronized void onSuccess() {
    state = State.CLOSED;
    failures = 0;
    probeInFlight = false;
  }

  /** A retryable failure of the provider (not of the request). */
  synchronized void onFailure(Instant now) {
    probeInFlight = false;
    if (state == State.HALF_OPEN || ++failures >= limits.failureThreshold()) {
      state = State.OPEN;
      openUntil = now.plus(limits.openDuration());
      failures = 0;
    }
  }

  synchronized State state() {
    return state;
  }
}
