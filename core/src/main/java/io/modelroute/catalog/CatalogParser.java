package io.modelroute.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.modelroute.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the catalog file format (JSON or YAML, one structure) into model definitions, checking
 * every entry and failing with an {@link IllegalArgumentException} that names the file, the model
 * and the field. Numbers are read as exact decimals, never {@code double}. Stateless.
 */
final class CatalogParser {
  /** Syntax of a catalog text. */
  enum Syntax {
    JSON,
    YAML
  }

  /** Longest timeout a model may declare: a day. */
  static final int MAX_TIMEOUT_SECONDS = 86_400;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Set<String> MODEL_FIELDS =
      Set.of(
          "slug",
          "category",
          "description",
          "enabled",
          "timeout_s",
          "pricing",
          "input_schema",
          "routes");
  private static final Set<String> ROUTE_FIELDS =
      Set.of("provider", "provider_model", "weight", "params");

  /** A parsed model and its compiled input schema. */
  record Entry(ModelDefinition model, CompiledSchema schema) {}

  private CatalogParser() {}

  static List<Entry> parse(String text, Syntax syntax, String source) {
    JsonNode root;
    try {
      root = (syntax == Syntax.JSON ? JSON : YAML).readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "catalog " + source + " is not valid " + syntax + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("models").isArray()) {
      throw new IllegalArgumentException(
          "catalog " + source + " must be an object with a \"models\" list");
    }
    Iterator<String> topLevel = root.fieldNames();
    while (topLevel.hasNext()) {
      String name = topLevel.next();
      if (!name.equals("models")) {
        throw new IllegalArgumentException(
            "catalog " + source + ": unknown top-level field \"" + name + "\"");
      }
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    int position = 0;
    for (JsonNode node : root.get("models")) {
      position++;
      String label =
          node.path("slug").isTextual()
              ? "model '" + node.path("slug").asText() + "'"
              : "model #" + position;
      Entry entry;
      try {
        entry = entry(node);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "catalog " + source + ", " + label + ": " + e.getMessage(), e);
      }
      Integer earlier = seen.putIfAbsent(entry.model().slug(), position);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "catalog "
                + source
                + ", "
                + label
                + ": duplicate slug (entries #"
                + earlier
                + " and #"
                + position
                + ")");
      }
      entries.add(entry);
    }
    return entries;
  }

  private static Entry entry(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("each entry of \"models\" must be an object");
    }
    rejectUnknown(node, MODEL_FIELDS, "");
    String slug = requiredText(node, "slug");
    Category category = category(requiredText(node, "category"));
    String description = optionalText(node, "description", "");
    boolean enabled = optionalBoolean(node, "enabled", true);
    Duration timeout = timeout(node.get("timeout_s"));
    Pricing pricing = pricing(node.get("pricing"));
    JsonNode schemaNode = node.get("input_schema");
    if (schemaNode == null || !schemaNode.isObject()) {
      throw new IllegalArgumentException(
          "input_schema is required and must be an object (a JSON Schema)");
    }
    ObjectNode inputSchema = (ObjectNode) schemaNode;
    CompiledSchema schema = CompiledSchema.compile(inputSchema);
    List<Route> routes = routes(node.get("routes"));
    ModelDefinition model =
        new ModelDefinition(
            slug,
            category,
            description,
            inputSchema,
            pricing,
            timeout,
            routes,
            enabled,
            CompiledSchema.fileFields(inputSchema));
    return new Entry(model, schema);
  }

  private static Category category(String value) {
    try {
      return Category.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "category \""
              + value
              + "\" is unknown; expected one of "
              + Arrays.stream(Category.values())
                  .map(Category::wireName)
                  .collect(Collectors.joining(", ")));
    }
  }

  private static Duration timeout(JsonNode node) {
    if (node == null || node.isNull()) {
      return ModelDefinition.DEFAULT_TIMEOUT;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.intValue() < 1
        || node.intValue() > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          "timeout_s must be a whole number of seconds from 1 to "
              + MAX_TIMEOUT_SECONDS
              + ", got "
              + node);
    }
    return Duration.ofSeconds(node.intValue());
  }

  private static Pricing pricing(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "pricing is required and must be an object with a unit and a price");
    }
    String unitText = requiredText(node, "unit", "pricing.");
    PricingUnit unit;
    try {
      unit = PricingUnit.fromWire(unitText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "pricing.unit \""
              + unitText
              + "\" is unknown; expected one of "
              + Arrays.stream(PricingUnit.values())
                  .map(PricingUnit::wireName)
                  .collect(Collectors.joining(", ")));
    }
    if (unit == PricingUnit.PER_1K_TOKENS) {
      rejectUnknown(node, Set.of("unit", "input_price", "output_price"), "pricing.");
      return new Pricing(unit, amount(node, "input_price"), amount(node, "output_price"));
    }
    rejectUnknown(node, Set.of("unit", "price"), "pricing.");
    return new Pricing(unit, amount(node, "price"), Money.ZERO);
  }

  /** A price given as a string ({@code "0.040"}) or a number, read exactly; at most 6 decimals. */
  private static Money amount(JsonNode pricing, String field) {
    JsonNode node = pricing.get(field);
    String where = "pricing." + field;
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(where + " is required");
    }
    Money money;
    if (node.isTextual()) {
      try {
        money = Money.parse(node.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where
                + " \""
                + node.asText()
                + "\" is not a dollar amount with at most 6 decimals, like \"0.040\"");
      }
    } else if (node.isNumber() && !node.isDouble() && !node.isFloat()) {
      BigDecimal value = node.decimalValue();
      if (value.stripTrailingZeros().scale() > 6
          || value.abs().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) >= 0) {
        throw new IllegalArgumentException(
            where
                + " "
                + value.toPlainString()
                + " is not a dollar amount with at most 6 decimals");
      }
      money = Money.of(value);
    } else {
      throw new IllegalArgumentException(
          where + " must be a decimal string like \"0.040\" or a number, got " + node);
    }
    if (money.isNegative()) {
      throw new IllegalArgumentException(where + " must not be negative, got " + node);
    }
    return money;
  }

  private static List<Route> routes(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException(
          "routes must be a non-empty list of {provider, provider_model}");
    }
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode route = node.get(i);
      String prefix = "routes[" + i + "].";
      if (!route.isObject()) {
        throw new IllegalArgumentException("routes[" + i + "] must be an object");
      }
      rejectUnknown(route, ROUTE_FIELDS, prefix);
      String provider = requiredText(route, "provider", prefix);
      String providerModel = optionalText(route, "provider_model", "", prefix);
      JsonNode weight = route.get("weight");
      if (weight != null
          && (!weight.isIntegralNumber() || !weight.canConvertToInt() || weight.intValue() < 0)) {
        throw new IllegalArgumentException(
            prefix + "weight must be a whole number ≥ 0, got " + weight);
      }
      JsonNode params = route.get("params");
      if (params != null && !params.isObject() && !params.isNull()) {
        throw new IllegalArgumentException(prefix + "params must be an object, got " + params);
      }
      routes.add(
          new Route(
              provider,
              providerModel,
              weight == null ? 1 : weight.intValue(),
              params instanceof ObjectNode object ? object : null));
    }
    return routes;
  }

  private static void rejectUnknown(JsonNode node, Set<String> allowed, String prefix) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field "
                + prefix
                + name
                + " (allowed: "
                + allowed.stream().sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
  }

  private static String requiredText(JsonNode node, String field) {
    return requiredText(node, field, "");
  }

  private static String requiredText(JsonNode node, String field, String prefix) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(
          prefix + field + " is required and must be a non-empty string");
    }
    return value.asText().trim();
  }

  private static String optionalText(JsonNode node, String field, String fallback) {
    return optionalText(node, field, fallback, "");
  }

  private static String optionalText(JsonNode node, String field, String fallback, String prefix) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(prefix + field + " must be a string, got " + value);
    }
    return value.asText();
  }

  private static boolean optionalBoolean(JsonNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false, got " + value);
    }
    return value.booleanValue();
  }
}
