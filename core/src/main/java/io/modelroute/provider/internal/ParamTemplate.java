package io.modelroute.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The declarative mapping from canonical input to a provider's parameters, written in a route's
 * {@code params.input}:
 *
 * <pre>
 * params:
 *   input:
 *     prompt: "$prompt"                          # the canonical field
 *     image_size: {width: "$width", height: "$height"}
 *     num_inference_steps: 28                    # a constant
 *     image_url: "$source_image"                 # a file field: becomes its signed URL
 * </pre>
 *
 * A string {@code "$name"} is replaced by the canonical input's top-level field {@code name} (left
 * out when the input lacks it); {@code "$$text"} is the literal {@code "$text"}; objects and arrays
 * are mapped recursively; everything else is copied. Without a template the canonical input passes
 * through unchanged. Stateless and thread-safe.
 */
public final class ParamTemplate {
  private ParamTemplate() {}

  /**
   * Applies {@code route params.input} to {@code input}, or returns a copy of input without one.
   */
  public static ObjectNode apply(ObjectNode routeParams, ObjectNode input) {
    JsonNode template = routeParams == null ? null : routeParams.get("input");
    if (template == null || template.isNull()) {
      return input.deepCopy();
    }
    if (!template.isObject()) {
      throw new IllegalArgumentException("route params.input must be an object");
    }
    return (ObjectNode) map(template, input);
  }

  private static JsonNode map(JsonNode t, ObjectNode input) {
    if (t.isTextual()) {
      String s = t.asText();
      if (s.startsWith("$$")) {
        return JsonNodeFactory.instance.textNode(s.substring(1));
      }
      if (s.startsWith("$")) {
        JsonNode v = input.get(s.startsWith("$.") ? s.substring(2) : s.substring(1));
        return v == null ? null : v.deepCopy();
      }
      return t.deepCopy();
    }
    if (t.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = t.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        JsonNode v = map(f.getValue(), input);
        if (v != null) {
          out.set(f.getKey(), v);
        }
      }
      return out;
    }
    if (t.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode item : t) {
        JsonNode v = map(item, input);
        if (v != null) {
          out.add(v);
        }
      }
      return out;
    }
    return t.deepCopy();
  }
}
