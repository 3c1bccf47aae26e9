package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One provider in {@link ProviderHealthList}.
 *
 * @param provider its name
 * @param circuitState the provider as a whole: {@code OPEN} when every model of it this node called
 *     is open, {@code CLOSED} when all are closed (or none was called), else {@code HALF_OPEN}
 * @param circuits the breaker of each provider model this node has called
 * @param inFlight attempts this node has in flight at the provider (running calls plus started jobs
 *     it awaits)
 * @param maxConcurrent this node's bulkhead size for it, or {@code null} when unbounded
 * @param sharedLimit the cluster-wide limit when the nodes share one, else {@code null}
 * @param recentErrors the last failed attempts on this node, newest first
 * @param errorCounts {@code recentErrors} counted by error code
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderHealth(
    @JsonProperty("provider") String provider,
    @JsonProperty("circuit_state") CircuitState circuitState,
    @JsonProperty("circuits") List<ProviderCircuit> circuits,
    @JsonProperty("in_flight") int inFlight,
    @JsonProperty("max_concurrent") Integer maxConcurrent,
    @JsonProperty("shared_limit") Integer sharedLimit,
    @JsonProperty("recent_errors") List<ProviderFailure> recentErrors,
    @JsonProperty("error_counts") Map<String, Integer> errorCounts) {
  public ProviderHealth {
    circuits = circuits == null ? List.of() : Copies.list(circuits);
    recentErrors = recentErrors == null ? List.of() : Copies.list(recentErrors);
    errorCounts = errorCounts == null ? Map.of() : Copies.map(errorCounts);
  }
}
