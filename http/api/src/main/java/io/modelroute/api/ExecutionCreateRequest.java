package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/executions} (docs/concepts.md). Parts that are {@code null} (or empty
 * {@code metadata}) are left out of the JSON, so the server's defaults apply.
 *
 * @param model the model slug, e.g. {@code flux-1.1-pro}
 * @param input the model-specific input object
 * @param webhookUrl where this execution's events are sent, or {@code null}
 * @param metadata up to 16 string pairs stored with the execution; {@code null} or empty for none
 * @param mode {@code ASYNC} when {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionCreateRequest(
    @JsonProperty("model") String model,
    @JsonProperty("input") Map<String, Object> input,
    @JsonProperty("webhook_url") @JsonInclude(JsonInclude.Include.NON_NULL) String webhookUrl,
    @JsonProperty("metadata") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, String> metadata,
    @JsonProperty("mode") @JsonInclude(JsonInclude.Include.NON_NULL) ExecutionMode mode) {
  public ExecutionCreateRequest {
    Objects.requireNonNull(model, "model");
    input = Copies.map(Objects.requireNonNull(input, "input"));
    metadata = Copies.map(metadata);
  }

  /** A request with no webhook URL, no metadata and the default mode. */
  public static ExecutionCreateRequest of(String model, Map<String, Object> input) {
    return new ExecutionCreateRequest(model, input, null, null, null);
  }
}
