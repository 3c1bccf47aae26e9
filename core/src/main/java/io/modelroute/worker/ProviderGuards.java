package io.modelroute.worker;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The circuit breaker and bulkhead of every provider on this node, and which execution holds
 * which bulkhead permit. An attempt holds its permit from start until its provider work ends:
 * the call returns a result or a failure, or the job it started finishes, is cancelled or
 * expires. Thread-safe.
 */
final class ProviderGuards {
  private final Map<String, ProviderLimits> limits;
  private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Semaphore> bulkheads = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> held = new ConcurrentHashMap<>();

  ProviderGuards(Map<String, ProviderLimits> limits) {
    this.limits = Map.copyOf(limits);
  }

  ProviderLimits limits(String provider) {
    return limits.getOrDefault(provider, ProviderLimits.DEFAULTS);
  }

  CircuitBreaker breaker(String provider) {
    return breakers.computeIfAbsent(provider, p -> new CircuitBreaker(limits(p)));
  }

  private Semaphore bulkhead(String provider) {
    return bulkheads.computeIfAbsent(provider, p -> new Semaphore(limits(p).maxConcurrent()));
  }

  /**
   * Admits an attempt of {@code executionId} at {@code provider} if its circuit lets it through
   * and its bulkhead has room; the permit is then held until {@link #release}.
   */
  boolean tryAdmit(String executionId, String provider, Instant now) {
    CircuitBreaker breaker = breaker(provider);
    if (!breaker.tryAcquire(now)) {
      return false;
    }
    if (!bulkhead(provider).tryAcquire()) {
      breaker.release();
      return false;
    }
    String previous = held.put(executionId, provider);
    if (previous != null) {
      bulkhead(previous).release();
    }
    return true;
  }

  /** Gives back the execution's permit, if this node holds one; idempotent. */
  boolean release(String executionId) {
    String provider = held.remove(executionId);
    if (provider != null) {
      bulkhead(provider).release();
      return true;
    }
    return false;
  }

  void success(String provider) {
    breaker(provider).onSuccess();
  }

  void failure(String provider, Instant now) {
    breaker(provider).onFailure(now);
  }

  /** Attempts this node has in flight at {@code provider}. */
  int inFlight(String provider) {
    return limits(provider).maxConcurrent() - bulkhead(provider).availablePermits();
  }
}
