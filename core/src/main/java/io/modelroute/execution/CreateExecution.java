package io.modelroute.execution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;

/**
 * A request to run a model (the body of {@code POST /v1/executions}); pass it to {@link
 * ExecutionService#create}. Immutable; safe to share.
 *
 * @param model the catalog slug of the model to run
 * @param input the model input; validated against the model's schema on create
 * @param webhookUrl where this execution's events go too, or null
 * @param metadata up to 16 string pairs the client wants back
 * @param mode how the client hears about the result (ASYNC by default)
 */
public record CreateExecution(
    String model,
    JsonNode input,
    String webhookUrl,
    Map<String, String> metadata,
    ExecutionMode mode) {
  public CreateExecution {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(input, "input");
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    mode = mode == null ? ExecutionMode.ASYNC : mode;
  }

  /** An ASYNC request with no webhook or metadata. */
  public static CreateExecution of(String model, JsonNode input) {
    return new CreateExecution(model, input, null, Map.of(), ExecutionMode.ASYNC);
  }
}
