package io.modelroute.provider.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads the few canonical input fields the demo renderers use. The input is already validated by
 * the catalog schema, so reading is lenient: a missing or non-numeric field takes its default and
 * numbers are clamped to what the renderer can make.
 */
final class InputFields {
  private InputFields() {}

  /** {@code prompt}, or the {@code content} of chat-style {@code messages} joined by newlines. */
  static String prompt(ObjectNode input) {
    JsonNode prompt = input.get("prompt");
    if (prompt != null && prompt.isTextual()) {
      return prompt.asText();
    }
    JsonNode messages = input.get("messages");
    if (messages != null && messages.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode message : messages) {
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
          if (text.length() > 0) {
            text.append('\n');
          }
          text.append(content.asText());
        }
      }
      return text.toString();
    }
    return "";
  }

  /** The integer {@code seed}, or 0 when absent. */
  static long seed(ObjectNode input) {
    JsonNode seed = input.get("seed");
    return seed != null && seed.isNumber() ? seed.asLong() : 0L;
  }

  /**
   * What a numeric input field may be: its default and the bounds values are clamped to.
   *
   * @param fallback the value when the field is absent or not a number
   */
  record Range(int fallback, int min, int max) {
    Range {
      if (min > max || fallback < min || fallback > max) {
        throw new IllegalArgumentException("bad range " + fallback + " in " + min + ".." + max);
      }
    }

    int clamp(long value) {
      return (int) Math.max(min, Math.min(max, value));
    }

    double clamp(double value) {
      return Double.isNaN(value) ? fallback : Math.max(min, Math.min(max, value));
    }

    /** The field as an integer (decimals rounded half up), clamped. */
    int intIn(ObjectNode input, String field) {
      BigDecimal number = number(input, field);
      if (number == null) {
        return fallback;
      }
      BigDecimal value = number.setScale(0, RoundingMode.HALF_UP);
      return value.compareTo(BigDecimal.valueOf(min)) < 0
          ? min
          : clamp(value.min(BigDecimal.valueOf(max)).longValue());
    }

    /** The field as an exact decimal, clamped. */
    BigDecimal decimalIn(ObjectNode input, String field) {
      BigDecimal number = number(input, field);
      BigDecimal value = number == null ? BigDecimal.valueOf(fallback) : number;
      return value.max(BigDecimal.valueOf(min)).min(BigDecimal.valueOf(max));
    }

    /**
     * The field's exact value, or {@code null} when it is absent, not a number, NaN or infinite.
     */
    private static BigDecimal number(ObjectNode input, String field) {
      JsonNode node = input.get(field);
      if (node == null || !node.isNumber()) {
        return null;
      }
      if (node.isFloatingPointNumber() && !Double.isFinite(node.asDouble())) {
        return null;
      }
      return node.decimalValue();
    }
  }
}
