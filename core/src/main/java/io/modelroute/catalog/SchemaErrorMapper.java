package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.modelroute.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Turns networknt validation errors into the API's field details (docs/http-api.md): a dotted path
 * from the body root and one of the detail codes, with a message written for people rather than the
 * library's wording. Stateless.
 */
final class SchemaErrorMapper {
  private static final Set<String> RANGE_KEYWORDS =
      Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems");

  private SchemaErrorMapper() {}

  /** One detail per error; the caller removes duplicates. */
  static List<FieldError> map(List<Error> errors, JsonNode schemaRoot) {
    List<FieldError> details = new ArrayList<>(errors.size());
    for (Error error : errors) {
      details.add(map(error, schemaRoot));
    }
    return details;
  }

  private static FieldError map(Error error, JsonNode schemaRoot) {
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    String path = path(error.getInstanceLocation());
    if (keyword.equals("required") || keyword.equals("dependentRequired")) {
      String missing = path + "." + error.getProperty();
      return new FieldError(missing, FieldError.REQUIRED, name(missing) + " is required");
    }
    if (keyword.equals("additionalProperties") || keyword.equals("unevaluatedProperties")) {
      String unknown = error.getProperty() == null ? path : path + "." + error.getProperty();
      return new FieldError(
          unknown, FieldError.UNKNOWN_FIELD, name(unknown) + " is not a known field");
    }
    JsonNode owner = owningSchema(error, schemaRoot);
    String name = name(path);
    if (keyword.equals("type")) {
      return new FieldError(
          path, FieldError.INVALID_TYPE, name + " must be " + typeNames(error.getSchemaNode()));
    }
    if (RANGE_KEYWORDS.contains(keyword)) {
      String message =
          keyword.endsWith("Items")
              ? name + " must have " + bounds(owner, "minItems", null, "maxItems", null) + " items"
              : name
                  + " must be "
                  + bounds(owner, "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum");
      return new FieldError(path, FieldError.OUT_OF_RANGE, message);
    }
    if (keyword.equals("maxLength")) {
      return new FieldError(
          path,
          FieldError.TOO_LONG,
          name + " must be at most " + number(error.getSchemaNode()) + " characters long");
    }
    return new FieldError(
        path, FieldError.INVALID_VALUE, invalidValueMessage(keyword, name, error));
  }

  private static String invalidValueMessage(String keyword, String name, Error error) {
    JsonNode arg = error.getSchemaNode();
    return switch (keyword) {
      case "minLength" ->
          arg != null && arg.asInt() == 1
              ? name + " must not be empty"
              : name + " must be at least " + number(arg) + " characters long";
      case "enum" -> name + " must be one of " + list(arg);
      case "const" -> name + " must be " + arg;
      case "pattern" -> name + " must match the pattern " + (arg == null ? "" : arg.asText());
      case "format" -> name + " must be a valid " + (arg == null ? "value" : arg.asText());
      case "multipleOf" -> name + " must be a multiple of " + number(arg);
      default -> name + " is invalid: " + error.getMessage();
    };
  }

  /** The schema object holding the failing keyword, found from the error's schema location. */
  private static JsonNode owningSchema(Error error, JsonNode root) {
    if (error.getSchemaLocation() == null || error.getSchemaLocation().getFragment() == null) {
      return root;
    }
    NodePath fragment = error.getSchemaLocation().getFragment();
    JsonNode node = root;
    for (int i = 0; i < fragment.getNameCount() - 1 && node != null; i++) {
      Object element = fragment.getElement(i);
      node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
    }
    return node == null ? root : node;
  }

  /**
   * "between 256 and 2048" when both bounds are inclusive, otherwise the bounds spelled out
   * ("greater than 0 and at most 1", "at least 1").
   */
  private static String bounds(
      JsonNode schema, String min, String exclusiveMin, String max, String exclusiveMax) {
    JsonNode low = schema.get(min);
    JsonNode lowExclusive = exclusiveMin == null ? null : schema.get(exclusiveMin);
    JsonNode high = schema.get(max);
    JsonNode highExclusive = exclusiveMax == null ? null : schema.get(exclusiveMax);
    boolean lowIsNumber = low != null && low.isNumber();
    boolean highIsNumber = high != null && high.isNumber();
    if (lowIsNumber && highIsNumber && !isNumber(lowExclusive) && !isNumber(highExclusive)) {
      return "between " + number(low) + " and " + number(high);
    }
    StringJoiner parts = new StringJoiner(" and ");
    if (isNumber(lowExclusive)
        && (!lowIsNumber || decimal(lowExclusive).compareTo(decimal(low)) >= 0)) {
      parts.add("greater than " + number(lowExclusive));
    } else if (lowIsNumber) {
      parts.add("at least " + number(low));
    }
    if (isNumber(highExclusive)
        && (!highIsNumber || decimal(highExclusive).compareTo(decimal(high)) <= 0)) {
      parts.add("less than " + number(highExclusive));
    } else if (highIsNumber) {
      parts.add("at most " + number(high));
    }
    return parts.length() == 0 ? "in range" : parts.toString();
  }

  private static boolean isNumber(JsonNode node) {
    return node != null && node.isNumber();
  }

  private static BigDecimal decimal(JsonNode node) {
    return node.decimalValue();
  }

  private static String number(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return node == null ? "?" : node.asText();
    }
    return node.decimalValue().stripTrailingZeros().toPlainString();
  }

  private static String list(JsonNode values) {
    if (values == null || !values.isArray()) {
      return String.valueOf(values);
    }
    StringJoiner joined = new StringJoiner(", ");
    values.forEach(v -> joined.add(v.isTextual() ? v.asText() : v.toString()));
    return joined.toString();
  }

  private static String typeNames(JsonNode type) {
    if (type == null) {
      return "of another type";
    }
    if (type.isArray()) {
      StringJoiner joined = new StringJoiner(" or ");
      type.forEach(t -> joined.add(typeName(t.asText())));
      return joined.toString();
    }
    return typeName(type.asText());
  }

  private static String typeName(String type) {
    return switch (type) {
      case "integer" -> "an integer";
      case "object" -> "an object";
      case "array" -> "an array";
      case "null" -> "null";
      default -> "a " + type;
    };
  }

  /** {@code input}, {@code input.width}, {@code input.list.0}. */
  static String path(NodePath location) {
    StringBuilder path = new StringBuilder("input");
    if (location != null) {
      for (int i = 0; i < location.getNameCount(); i++) {
        path.append('.').append(location.getElement(i));
      }
    }
    return path.toString();
  }

  /** How a field is called in messages: its path inside the input ({@code width}, {@code a.b}). */
  static String name(String path) {
    return path.equals("input") ? "input" : path.substring("input.".length());
  }
}
