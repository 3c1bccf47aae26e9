package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The {@code 202 Accepted} answer to {@code POST /v1/executions} (docs/concepts.md): the execution
 * is durably stored and its hold placed.
 *
 * @param id {@code exec_…}
 * @param status {@code PENDING} (or later, when an idempotent repeat returns the first answer)
 * @param model the model slug
 * @param holdAmount the amount held on the balance until it ends
 * @param estimatedCost the estimate the hold was computed from
 * @param expiresAt when it expires if it has not ended
 * @param createdAt when it was accepted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionAccepted(
    @JsonProperty("id") String id,
    @JsonProperty("status") ExecutionStatus status,
    @JsonProperty("model") String model,
    @JsonProperty("hold_amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal holdAmount,
    @JsonProperty("estimated_cost") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal estimatedCost,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("created_at") Instant createdAt) {}
