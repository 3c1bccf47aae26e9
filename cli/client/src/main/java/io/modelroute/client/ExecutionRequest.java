package io.modelroute.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code POST /v1/executions}: a model slug and its input, plus an optional
 * per-execution webhook URL and string metadata. Immutable; {@code input} is copied on
 * construction.
 *
 * @param model the model slug, e.g. {@code flux-1.1-pro}
 * @param input the model-specific input object
 * @param webhookUrl where this execution's events are sent, or {@code null} for none
 * @param metadata string key/value pairs stored with the execution; empty for none
 */
public record ExecutionRequest(
    String model, ObjectNode input, String webhookUrl, Map<String, String> metadata) {
  public ExecutionRequest {
    Objects.requireNonNull(model, "model");
    input = Objects.requireNonNull(input, "input").deepCopy();
    metadata =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
  }

  /** A request with no webhook URL and no metadata. */
  public static ExecutionRequest of(String model, ObjectNode input) {
    return new ExecutionRequest(model, input, null, Map.of());
  }

  /** This request with {@code webhookUrl} set. */
  public ExecutionRequest withWebhookUrl(String webhookUrl) {
    return new ExecutionRequest(model, input, webhookUrl, metadata);
  }

  /** This request with {@code metadata} (insertion order is kept on the wire). */
  public ExecutionRequest withMetadata(Map<String, String> metadata) {
    return new ExecutionRequest(model, input, webhookUrl, metadata);
  }

  /**
   * The request body of {@code POST /v1/executions}: {@code model}, {@code input} and the parts
   * that are set.
   */
  ObjectNode toJson() {
    ObjectNode body = ClientJson.mapper().createObjectNode();
    body.put("model", model);
    body.set("input", input.deepCopy());
    if (webhookUrl != null) {
      body.put("webhook_url", webhookUrl);
    }
    if (!metadata.isEmpty()) {
      ObjectNode md = body.putObject("metadata");
      metadata.forEach(md::put);
    }
    return body;
  }
}
