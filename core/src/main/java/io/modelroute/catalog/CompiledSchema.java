package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model's input schema checked and compiled once: the networknt {@link Schema} (JSON Schema
 * 2020-12, {@code format} asserted), the top-level defaults, and the schema tree itself for
 * building messages. Immutable and thread-safe once built.
 *
 * <p>Checks at compile time, each failing with an {@link IllegalArgumentException} whose message
 * names the offending schema location: the schema is valid against the 2020-12 meta-schema; its
 * root is {@code type: object}; {@code $ref}s are local ({@code #…}); {@code x-file} appears only
 * on top-level string properties with a non-empty {@code accept} list of content-type patterns; and
 * every top-level {@code default} satisfies its own property schema.
 */
final class CompiledSchema {
  static final String X_FILE = "x-file";
  private static final String DIALECT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  private static final Pattern CONTENT_TYPE_PATTERN =
      Pattern.compile("(\\*/\\*|[a-z0-9][a-z0-9!#$&^_.+-]*/(\\*|[a-z0-9][a-z0-9!#$&^_.+-]*))");

  /**
   * The 2020-12 dialect, plus {@code x-file} and any other unknown keyword treated as a silent
   * annotation (so vendor extensions neither break loading nor flood the log).
   */
  private static final Dialect DIALECT =
      Dialect.builder(Dialects.getDraft202012())
          .keyword(new AnnotationKeyword(X_FILE))
          .unknownKeywordFactory((name, context) -> new AnnotationKeyword(name))
          .build();

  private static final SchemaRegistryConfig CONFIG =
      SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();

  private final ObjectNode root;
  private final Schema schema;
  private final Map<String, JsonNode> defaults;

  private CompiledSchema(ObjectNode root, Schema schema, Map<String, JsonNode> defaults) {
    this.root = root;
    this.schema = schema;
    this.defaults = defaults;
  }

  /**
   * Checks and compiles {@code inputSchema} (not retained; a private copy is).
   *
   * @throws IllegalArgumentException naming the problem and where it is in the schema
   */
  static CompiledSchema compile(ObjectNode inputSchema) {
    ObjectNode root = inputSchema.deepCopy();
    JsonNode dialect = root.get("$schema");
    if (dialect != null && !(dialect.isTextual() && dialect.asText().startsWith(DIALECT_2020_12))) {
      throw new IllegalArgumentException(
          "input_schema: only JSON Schema 2020-12 is supported, found $schema " + dialect);
    }
    List<Error> metaErrors;
    try {
      metaErrors = MetaSchema.INSTANCE.validate(root);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "input_schema is not a valid JSON Schema: " + e.getMessage(), e);
    }
    if (!metaErrors.isEmpty()) {
      Error first = metaErrors.get(0);
      throw new IllegalArgumentException(
          "input_schema is not a valid JSON Schema: at input_schema"
              + pointer(first.getInstanceLocation().toString())
              + ": "
              + first.getMessage());
    }
    if (!"object".equals(root.path("type").asText())) {
      throw new IllegalArgumentException("input_schema must have \"type\": \"object\" at its root");
    }
    checkRefsAreLocal(root);
    fileFields(root); // throws on a misplaced or malformed x-file
    Schema schema;
    try {
      schema =
          SchemaRegistry.withDefaultDialect(DIALECT, b -> b.schemaRegistryConfig(CONFIG))
              .getSchema(root);
      schema.initializeValidators();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("input_schema cannot be compiled: " + e.getMessage(), e);
    }
    Map<String, JsonNode> defaults = new LinkedHashMap<>();
    root.path("properties")
        .properties()
        .forEach(
            p -> {
              JsonNode value = p.getValue().get("default");
              if (value != null) {
                defaults.put(p.getKey(), value);
              }
            });
    checkDefaults(schema, defaults);
    return new CompiledSchema(root, schema, Collections.unmodifiableMap(defaults));
  }

  /**
   * The file fields declared with {@code "x-file": {"accept": [...]}} on top-level properties, in
   * schema order, each with its accepted content-type patterns (lowercased, in order).
   *
   * @throws IllegalArgumentException if an {@code x-file} is malformed, not on a top-level
   *     property, or on a property that is not {@code type: string}
   */
  static Map<String, Set<String>> fileFields(ObjectNode inputSchema) {
    Map<String, Set<String>> fields = new LinkedHashMap<>();
    JsonNode properties = inputSchema.path("properties");
    properties
        .properties()
        .forEach(
            p -> {
              JsonNode marker = p.getValue().get(X_FILE);
              if (marker == null) {
                return;
              }
              String where = "input_schema.properties." + p.getKey() + "." + X_FILE;
              if (!"string".equals(p.getValue().path("type").asText())) {
                throw new IllegalArgumentException(
                    where + ": a file field must have \"type\": \"string\"");
              }
              JsonNode accept = marker.get("accept");
              if (!marker.isObject() || accept == null || !accept.isArray() || accept.isEmpty()) {
                throw new IllegalArgumentException(
                    where
                        + " must be an object with a non-empty \"accept\" list, e.g. {\"accept\": [\"image/png\"]}");
              }
              Set<String> patterns = new LinkedHashSet<>();
              for (JsonNode type : accept) {
                String value =
                    type.isTextual() ? type.asText().trim().toLowerCase(Locale.ROOT) : "";
                if (!CONTENT_TYPE_PATTERN.matcher(value).matches()) {
                  throw new IllegalArgumentException(
                      where
                          + ".accept: "
                          + type
                          + " is not a content type pattern like \"image/png\" or \"image/*\"");
                }
                patterns.add(value);
              }
              fields.put(p.getKey(), Collections.unmodifiableSet(patterns));
            });
    // x-file anywhere else would silently do nothing; say so instead.
    Deque<SchemaNode> stack = new ArrayDeque<>();
    stack.push(new SchemaNode("", "", inputSchema, false));
    while (!stack.isEmpty()) {
      SchemaNode s = stack.pop();
      boolean nameMap = SCHEMA_MAPS.contains(s.key()); // keys are property names, not keywords
      if (s.node().isObject() && !nameMap && s.node().has(X_FILE) && !s.topLevelProperty()) {
        throw new IllegalArgumentException(
            "input_schema"
                + pointer(s.path())
                + ": x-file is only supported on top-level properties of the input");
      }
      if (s.node().isObject()) {
        boolean children = nameMap && s.path().equals("/properties");
        s.node()
            .properties()
            .forEach(
                c -> {
                  if (nameMap || !c.getKey().equals(X_FILE)) {
                    stack.push(
                        new SchemaNode(
                            s.path() + "/" + c.getKey(),
                            nameMap ? "" : c.getKey(),
                            c.getValue(),
                            children));
                  }
                });
      } else if (s.node().isArray()) {
        for (int i = 0; i < s.node().size(); i++) {
          stack.push(new SchemaNode(s.path() + "/" + i, "", s.node().get(i), false));
        }
      }
    }
    return Collections.unmodifiableMap(fields);
  }

  private static final Set<String> SCHEMA_MAPS =
      Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");

  private record SchemaNode(String path, String key, JsonNode node, boolean topLevelProperty) {}

  Schema schema() {
    return schema;
  }

  /** The compiled schema's own tree; callers must not modify it. */
  ObjectNode root() {
    return root;
  }

  /** Top-level property defaults, in schema order; callers copy before handing values out. */
  Map<String, JsonNode> defaults() {
    return defaults;
  }

  private static void checkRefsAreLocal(JsonNode root) {
    Deque<JsonNode> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      JsonNode node = stack.pop();
      if (node.isObject()) {
        for (String keyword : List.of("$ref", "$dynamicRef")) {
          JsonNode ref = node.get(keyword);
          if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
            throw new IllegalArgumentException(
                "input_schema: "
                    + keyword
                    + " "
                    + ref
                    + " is not allowed; only local references (\"#/$defs/...\") are supported");
          }
        }
      }
      node.forEach(stack::push);
    }
  }

  private static void checkDefaults(Schema schema, Map<String, JsonNode> defaults) {
    if (defaults.isEmpty()) {
      return;
    }
    ObjectNode sample = JsonNodeFactory.instance.objectNode();
    defaults.forEach((name, value) -> sample.set(name, value.deepCopy()));
    for (Error error : schema.validate(sample)) {
      // Errors at the root (a required property missing from the sample) are not about defaults.
      if (error.getInstanceLocation().getNameCount() > 0) {
        throw new IllegalArgumentException(
            "input_schema.properties."
                + error.getInstanceLocation().getName(0)
                + ".default is invalid for its own schema: "
                + error.getMessage());
      }
    }
  }

  private static String pointer(String location) {
    // networknt renders instance locations as JSON pointers ("/properties/x"); show them dotted.
    return location.isEmpty() ? "" : location.replace('/', '.');
  }

  /** The 2020-12 meta-schema, loaded from the validator jar (no network) on first use. */
  private static final class MetaSchema {
    static final Schema INSTANCE = load();

    private static Schema load() {
      Schema meta =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
              .getSchema(SchemaLocation.of(DIALECT_2020_12));
      meta.initializeValidators();
      return meta;
    }
  }
}
