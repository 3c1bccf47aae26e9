package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The full execution object of docs/concepts.md: {@code GET /v1/executions/{id}}, the cancel
 * answer, the SYNC {@code 200}, list items and the {@code data} of every execution event. Always
 * carries {@code "object": "execution"}. Components are {@code null} where the JSON has {@code
 * null}: {@code cost} and {@code result} until COMPLETED, {@code error} unless FAILED or EXPIRED,
 * {@code latency_ms} until terminal, the timestamps until reached. Never names the provider.
 *
 * @param id {@code exec_…}
 * @param status where it is in the state machine
 * @param mode how it was submitted
 * @param model the model slug
 * @param input the input as submitted
 * @param metadata the metadata as submitted; empty when none
 * @param holdAmount the amount held while it runs
 * @param estimatedCost the estimate the hold was computed from
 * @param cost the amount charged, once COMPLETED
 * @param result the first output file ({@code {file_id, content_type, width, height}} or {@code
 *     duration_s} for media) or {@code {text}}, once COMPLETED
 * @param error why it failed, when FAILED or EXPIRED
 * @param attempts how many provider attempts were made
 * @param latencyMs milliseconds from start to end, once terminal
 * @param webhookUrl the per-execution webhook URL, or {@code null}
 * @param createdAt when it was accepted
 * @param startedAt when a provider first got it
 * @param completedAt when it reached a terminal state
 * @param expiresAt when the sweeper expires it if it has not ended
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "object"})
public record Execution(
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
    @JsonProperty("expires_at") Instant expiresAt) {
  /** The value of {@code object}. */
  public static final String OBJECT = "execution";

  public Execution {
    input = Copies.map(input);
    metadata = metadata == null ? Map.of() : Copies.map(metadata);
    result = Copies.map(result);
  }

  /** Always {@value #OBJECT}. */
  @JsonProperty(value = "object", access = JsonProperty.Access.READ_ONLY)
  public String object() {
    return OBJECT;
  }

  /** Whether it will never change again. */
  @JsonIgnore
  public boolean isTerminal() {
    return status != null && status.isTerminal();
  }

  /** The generated text of a COMPLETED text execution. */
  public Optional<String> text() {
    return result != null && result.get("text") instanceof String s
        ? Optional.of(s)
        : Optional.empty();
  }

  /** The first output file of a COMPLETED image, video or audio execution. */
  public Optional<String> resultFileId() {
    return result != null && result.get("file_id") instanceof String s
        ? Optional.of(s)
        : Optional.empty();
  }
}
