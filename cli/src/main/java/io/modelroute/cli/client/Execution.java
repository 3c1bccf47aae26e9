package io.modelroute.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The full execution object of SPEC §4 ({@code GET /v1/executions/{id}}, the {@code data} of every
 * event). Nullable components are {@code null} until they apply: {@code cost} and {@code result}
 * until COMPLETED, {@code error} unless FAILED or EXPIRED, the timestamps until reached. Money is
 * exact ({@link BigDecimal} USD). Immutable, except that {@code input} and {@code result} are
 * Jackson trees the caller should not change.
 *
 * @param id {@code exec_…}
 * @param status where it is in the state machine
 * @param mode {@code ASYNC}, {@code SYNC} or {@code STREAMING}
 * @param model the model slug
 * @param input the input as submitted
 * @param metadata the metadata as submitted; empty when none
 * @param holdAmount the amount held on the balance while it runs
 * @param estimatedCost the estimate the hold was computed from
 * @param cost the amount charged, once COMPLETED; else {@code null}
 * @param result the first output file ({@code {file_id, content_type, width, height}}) or the text
 *     ({@code {text}}), once COMPLETED; else {@code null}
 * @param error why it failed, when FAILED or EXPIRED; else {@code null}
 * @param attempts how many provider attempts were made
 * @param latencyMs milliseconds from start to end, once terminal; else {@code null}
 * @param webhookUrl the per-execution webhook URL, or {@code null}
 * @param createdAt when it was accepted
 * @param startedAt when a provider first got it, or {@code null}
 * @param completedAt when it reached a terminal state, or {@code null}
 * @param expiresAt when the sweeper expires it if it has not ended
 */
public record Execution(
    String id,
    ExecutionStatus status,
    String mode,
    String model,
    ObjectNode input,
    Map<String, String> metadata,
    BigDecimal holdAmount,
    BigDecimal estimatedCost,
    BigDecimal cost,
    JsonNode result,
    ExecutionError error,
    int attempts,
    Long latencyMs,
    String webhookUrl,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant expiresAt) {
  public Execution {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
    result = result == null || result.isNull() || result.isMissingNode() ? null : result;
  }

  /** Whether it will never change again (COMPLETED, FAILED, CANCELLED or EXPIRED). */
  public boolean isTerminal() {
    return status.isTerminal();
  }

  /** The generated text of a COMPLETED text execution. */
  public Optional<String> text() {
    return result != null && result.path("text").isTextual() ? Optional.of(result.get("text").asText()) : Optional.empty();
  }

  /** The first output file of a COMPLETED image, video or audio execution. */
  public Optional<String> resultFileId() {
    return result != null && result.path("file_id").isTextual()
        ? Optional.of(result.get("file_id").asText()) : Optional.empty();
  }
}
