package io.modelroute.worker;

import io.modelroute.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How one provider is doing on this node, as {@link Dispatcher#providerHealth()} reads it: what its
 * circuit breakers, bulkhead and last failed attempts say. Everything here is this node's view
 * (breakers and bulkheads are per node); only {@code sharedLimit} is the cluster's. A snapshot;
 * immutable.
 *
 * @param provider the provider's name
 * @param circuitState the provider as a whole: {@code OPEN} when every model this node has called
 *     is open, {@code CLOSED} when all are closed (or none was called), else {@code HALF_OPEN}
 * @param circuits the state of each provider model's breaker, by provider model (only models this
 *     node has called: a model never called has no breaker yet and counts as closed)
 * @param inFlight the attempts this node has in flight at the provider (bulkhead permits in use:
 *     running calls plus started jobs it awaits)
 * @param maxConcurrent this node's bulkhead size for the provider, {@link Integer#MAX_VALUE} when
 *     unbounded
 * @param sharedLimit the cluster-wide limit when the nodes share one, else 0
 * @param recentFailures the last failed attempts at the provider on this node, newest first, at
 *     most {@link #RECENT_FAILURES}
 */
public record ProviderHealth(
    String provider,
    String circuitState,
    Map<String, String> circuits,
    int inFlight,
    int maxConcurrent,
    int sharedLimit,
    List<Failure> recentFailures) {
  /** How many failed attempts per provider a node remembers. */
  public static final int RECENT_FAILURES = 20;

  public ProviderHealth {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(circuitState, "circuitState");
    circuits = Map.copyOf(circuits);
    recentFailures = List.copyOf(recentFailures);
  }

  /**
   * One failed attempt.
   *
   * @param providerModel the model at the provider
   * @param code the failure's code, as the provider classified it
   * @param retryable whether it counted against the model's circuit breaker (a retryable failure of
   *     the provider, not of the request)
   * @param at when the failure was handed over
   */
  public record Failure(String providerModel, ErrorCode code, boolean retryable, Instant at) {
    public Failure {
      Objects.requireNonNull(providerModel, "providerModel");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(at, "at");
    }
  }

  /** {@link #recentFailures()} counted by code, in code order. */
  public Map<ErrorCode, Integer> failureCounts() {
    Map<ErrorCode, Integer> counts = new TreeMap<>();
    for (Failure f : recentFailures) {
      counts.merge(f.code(), 1, Integer::sum);
    }
    return counts;
  }
}
