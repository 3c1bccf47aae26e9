package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/v1/executions/{id}} (docs/operations.md): every part of the {@link Execution}
 * object plus what only operators see — the organization, the route, the provider, its job id and
 * the attempt trail. Never in tenant answers.
 *
 * @param id see {@link Execution}
 * @param status see {@link Execution}
 * @param mode see {@link Execution}
 * @param model see {@link Execution}
 * @param input see {@link Execution}
 * @param metadata see {@link Execution}
 * @param holdAmount see {@link Execution}
 * @param estimatedCost see {@link Execution}
 * @param cost see {@link Execution}
 * @param result see {@link Execution}
 * @param error see {@link Execution}
 * @param attempts see {@link Execution}
 * @param latencyMs see {@link Execution}
 * @param webhookUrl see {@link Execution}
 * @param createdAt see {@link Execution}
 * @param startedAt see {@link Execution}
 * @param completedAt see {@link Execution}
 * @param expiresAt see {@link Execution}
 * @param organizationId {@code org_…}
 * @param routeIndex the index of the route in the model's routing list it is on, or {@code null}
 * @param provider the provider's name, or {@code null} before dispatch
 * @param providerJobId the provider's job id, or {@code null}
 * @param attemptTrail every provider attempt, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "object"})
public record ExecutionTrail(
    @JsonProperty("id") String id,
    @JsonProperty("status") ExecutionStatus status,
    @JsonProperty("mode") ExecutionMode mode,
    @JsonProperty("model") String model,
    @JsonProperty("input") Map<String, Object> input,
    @JsonProperty("metadata") Map<String, String> metadata,
    @JsonProperty("hold_amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal holdAmount,
    @JsonProperty("estimated_cost") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal estimatedCost,
    @JsonProperty("cost") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal cost,
    @JsonProperty("result") Map<String, Object> result,
    @JsonProperty("error") ExecutionError error,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("latency_ms") Long latencyMs,
    @JsonProperty("webhook_url") String webhookUrl,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("started_at") Instant startedAt,
    @JsonProperty("completed_at") Instant completedAt,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("organization_id") String organizationId,
    @JsonProperty("route_index") Integer routeIndex,
    @JsonProperty("provider") String provider,
    @JsonProperty("provider_job_id") String providerJobId,
    @JsonProperty("attempt_trail") List<AttemptTrailEntry> attemptTrail) {
  public ExecutionTrail {
    input = Copies.map(input);
    metadata = metadata == null ? Map.of() : Copies.map(metadata);
    result = Copies.map(result);
    attemptTrail = attemptTrail == null ? List.of() : Copies.list(attemptTrail);
  }

  /** {@code e} with the operator's parts. */
  public static ExecutionTrail of(
      Execution e,
      String organizationId,
      Integer routeIndex,
      String provider,
      String providerJobId,
      List<AttemptTrailEntry> attemptTrail) {
    return new ExecutionTrail(
        e.id(),
        e.status(),
        e.mode(),
        e.model(),
        e.input(),
        e.metadata(),
        e.holdAmount(),
        e.estimatedCost(),
        e.cost(),
        e.result(),
        e.error(),
        e.attempts(),
        e.latencyMs(),
        e.webhookUrl(),
        e.createdAt(),
        e.startedAt(),
        e.completedAt(),
        e.expiresAt(),
        organizationId,
        routeIndex,
        provider,
        providerJobId,
        attemptTrail);
  }

  /** Always {@value Execution#OBJECT}. */
  @JsonProperty(value = "object", access = JsonProperty.Access.READ_ONLY)
  public String object() {
    return Execution.OBJECT;
  }
}
