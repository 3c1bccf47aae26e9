package io.modelroute.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One execution as stored. Tenant-facing views ({@link ExecutionJson}) leave out the routing fields
 * ({@code routeIndex}, {@code provider}, {@code providerJobId}), which only operators see. Read it
 * with {@link ExecutionService#get}; a snapshot, immutable and safe to share.
 *
 * @param id the {@code exec_…} id
 * @param orgId the owning organization
 * @param apiKeyId the key that created it
 * @param model the catalog slug
 * @param mode how the client asked to hear about the result
 * @param status the current state
 * @param input the validated canonical input
 * @param metadata the client's string pairs
 * @param webhookUrl the execution's own webhook URL, or null
 * @param hold the amount held on the balance while it runs
 * @param estimatedCost the catalog's estimate at create
 * @param cost the captured cost once COMPLETED, else null
 * @param output the canonical output once COMPLETED, else null
 * @param error why it FAILED or EXPIRED, else null
 * @param attempts provider attempts made so far
 * @param provider the provider of the current or last attempt, or null before dispatch
 * @param providerJobId the provider's job id while awaited, else null
 * @param routeIndex the catalog route of the current or last attempt
 * @param createdAt when it was created
 * @param startedAt when its first attempt started, or null
 * @param completedAt when it reached a terminal state, or null
 * @param expiresAt when it expires if still unfinished
 * @param latencyMs milliseconds from creation to the terminal state, or null
 */
public record Execution(
    String id,
    String orgId,
    String apiKeyId,
    String model,
    ExecutionMode mode,
    ExecutionStatus status,
    ObjectNode input,
    Map<String, String> metadata,
    String webhookUrl,
    Money hold,
    Money estimatedCost,
    Money cost,
    ObjectNode output,
    ExecutionError error,
    int attempts,
    int routeIndex,
    String provider,
    String providerJobId,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant expiresAt,
    Long latencyMs) {

  public Execution {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(input, "input");
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(estimatedCost, "estimatedCost");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
