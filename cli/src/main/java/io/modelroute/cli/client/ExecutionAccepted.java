package io.modelroute.cli.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code 202 Accepted} answer to {@code POST /v1/executions}: the execution is durably stored
 * and its hold placed. Immutable.
 *
 * @param id {@code exec_…}, for {@link ExecutionsApi#get}, {@link ExecutionsApi#waitFor} and the rest
 * @param status {@code PENDING} (or a later state when an idempotent repeat returns the first answer)
 * @param model the model slug
 * @param holdAmount the amount held on the balance until it ends
 * @param estimatedCost the cost estimate the hold was computed from
 * @param expiresAt when it expires if it has not ended
 * @param createdAt when it was accepted
 */
public record ExecutionAccepted(
    String id, ExecutionStatus status, String model, BigDecimal holdAmount, BigDecimal estimatedCost,
    Instant expiresAt, Instant createdAt) {
  public ExecutionAccepted {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
  }
}
