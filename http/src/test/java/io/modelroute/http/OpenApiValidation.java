package io.modelroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import io.modelroute.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Checks HTTP responses against the OpenAPI document: the request (method and path) must match a
 * documented operation, the status must be declared for it, the content type must be one it
 * declares, required response headers must be present and fit their schema, and a JSON body must
 * validate against the declared schema (networknt json-schema-validator, OpenAPI 3.1 dialect).
 *
 * <p>Object schemas are checked strictly: a test copy of the document adds {@code
 * additionalProperties: false} to every object schema with {@code properties} that does not say
 * otherwise, so a field the server sends but the document does not name is a mismatch.
 *
 * <p>{@link #interceptor()} installs it in OkHttp; a mismatch throws an {@link AssertionError}
 * naming the operation, status and JSON pointer, which fails the test. Thread-safe.
 */
final class OpenApiValidation {
  private static final String IRI = "https://modelroute.test/openapi.json";
  private static final Pattern CONTROL_ESCAPE = Pattern.compile("%(?:[01][0-9A-Fa-f]|7[Ff])");
  private static final OpenApiValidation INSTANCE = new OpenApiValidation(OpenApiSpec.get());

  private final OpenApiSpec spec;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /**
   * Every operation and status seen, written to target/openapi-coverage.txt when the test JVM
   * exits.
   */
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  private OpenApiValidation(OpenApiSpec spec) {
    this.spec = spec;
    ObjectNode strict = spec.document().deepCopy();
    forbidUndocumentedProperties(strict);
    String text = Json.write(strict);
    Dialect dialect =
        Dialect.builder(Dialects.getOpenApi31())
            .unknownKeywordFactory((name, context) -> new AnnotationKeyword(name))
            .build();
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    this.registry =
        SchemaRegistry.withDefaultDialect(
            dialect, b -> b.schemaRegistryConfig(config).schemas(Map.of(IRI, text)));
    Runtime.getRuntime().addShutdownHook(new Thread(this::writeCoverage, "openapi-coverage"));
  }

  /**
   * Lists the declared (operation, status) pairs no test response exercised, for whoever extends
   * the suite.
   */
  private void writeCoverage() {
    List<String> lines = new ArrayList<>();
    for (OpenApiSpec.Operation op : spec.operations()) {
      op.node()
          .path("responses")
          .fieldNames()
          .forEachRemaining(
              status -> {
                String key = op.id() + " " + status;
                lines.add((seen.contains(key) ? "seen     " : "not seen ") + key);
              });
    }
    try {
      Path target = Path.of("target");
      if (Files.isDirectory(target)) {
        Files.write(target.resolve("openapi-coverage.txt"), lines);
      }
    } catch (IOException ignored) {
      // a report only
    }
  }

  static OpenApiValidation get() {
    return INSTANCE;
  }

  /**
   * An OkHttp interceptor that fails (AssertionError) on any response the document does not allow.
   */
  static Interceptor interceptor() {
    return chain -> {
      Response response = chain.proceed(chain.request());
      List<String> problems = get().check(response);
      if (!problems.isEmpty()) {
        response.close();
        throw new AssertionError(
            "OpenAPI mismatch: "
                + chain.request().method()
                + " "
                + chain.request().url().encodedPath()
                + " → "
                + response.code()
                + "\n  "
                + String.join("\n  ", problems));
      }
      return response;
    };
  }

  /**
   * The mismatches of {@code response} (empty when it is as documented). Reads a JSON body without
   * consuming it.
   */
  List<String> check(Response response) throws IOException {
    String contentType = response.header("Content-Type");
    byte[] body = null;
    if (contentType != null && mediaType(contentType).equals("application/json")) {
      body = response.peekBody(Long.MAX_VALUE).bytes();
    }
    return check(
        response.request().method(),
        response.request().url().encodedPath(),
        response.code(),
        response::header,
        body);
  }

  /**
   * The mismatches of one response.
   *
   * @param header the response's header by name (case-insensitive), or null
   * @param jsonBody the body when it is JSON, else null
   */
  List<String> check(
      String method, String path, int status, Function<String, String> header, byte[] jsonBody) {
    List<String> problems = new ArrayList<>();
    Optional<OpenApiSpec.Operation> match = spec.match(method, path);
    if (match.isEmpty()) {
      // an unknown route or method (404/405), or a request the HTTP layer refused before any route
      // (414, 431, …), answers in the error shape; anything else is undocumented
      if (status >= 400 && status < 500 && jsonBody != null) {
        validate("#/components/schemas/Error", jsonBody, "no operation (" + status + ")", problems);
        if (header.apply("X-Request-Id") == null) {
          problems.add("no operation (" + status + "): X-Request-Id is missing");
        }
      } else {
        problems.add("no documented operation for " + method + " " + path);
      }
      return problems;
    }
    OpenApiSpec.Operation op = match.get();
    JsonNode responses = op.node().path("responses");
    String code = Integer.toString(status);
    String key =
        responses.has(code)
            ? code
            : responses.has(code.charAt(0) + "XX")
                ? code.charAt(0) + "XX"
                : responses.has("default") ? "default" : null;
    String where = op.id() + " " + status;
    if (key != null) {
      seen.add(op.id() + " " + key);
    }
    if (key == null && refusedByHttpLayer(path, status) && jsonBody != null) {
      // the document's info says so: these are answered before routing, for any route
      validate(
          "#/components/schemas/Error", jsonBody, where + " (refused by the HTTP layer)", problems);
      return problems;
    }
    if (key == null) {
      problems.add(
          where + ": status " + status + " is not declared (declared: " + names(responses) + ")");
      return problems;
    }
    String pointer = op.pointer() + "/responses/" + key;
    JsonNode declared = responses.get(key);
    if (declared.has("$ref")) {
      pointer = declared.get("$ref").asText().substring(1);
      declared = spec.resolve(declared);
    }
    checkHeaders(where, pointer, declared, header, problems);
    String contentType = header.apply("Content-Type");
    JsonNode content = declared.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      if (jsonBody != null && jsonBody.length > 0) {
        problems.add(where + ": a body was sent but " + pointer + " declares none");
      }
      return problems;
    }
    if (contentType == null) {
      problems.add(where + ": no Content-Type, but " + pointer + " declares " + names(content));
      return problems;
    }
    String type = mediaType(contentType);
    String mediaKey = mediaKey(content, type);
    if (mediaKey == null) {
      problems.add(
          where
              + ": Content-Type "
              + type
              + " is not among "
              + names(content)
              + " ("
              + pointer
              + ")");
      return problems;
    }
    if (type.equals("application/json") && content.path(mediaKey).has("schema")) {
      validate(
          "#" + pointer + "/content/" + OpenApiSpec.escape(mediaKey) + "/schema",
          jsonBody,
          where,
          problems);
    }
    return problems;
  }

  private void checkHeaders(
      String where,
      String pointer,
      JsonNode declared,
      Function<String, String> header,
      List<String> problems) {
    declared
        .path("headers")
        .properties()
        .forEach(
            h -> {
              JsonNode def = spec.resolve(h.getValue());
              String value = header.apply(h.getKey());
              if (value == null) {
                if (def.path("required").asBoolean(false)) {
                  problems.add(
                      where
                          + ": required header "
                          + h.getKey()
                          + " is missing ("
                          + pointer
                          + "/headers)");
                }
                return;
              }
              JsonNode schema = spec.resolve(def.path("schema"));
              JsonNode instance = JsonNodeFactory.instance.textNode(value);
              if ("integer".equals(schema.path("type").asText()) && value.matches("-?\\d{1,18}")) {
                instance = JsonNodeFactory.instance.numberNode(Long.parseLong(value));
              }
              String location =
                  h.getValue().has("$ref")
                      ? h.getValue().get("$ref").asText() + "/schema"
                      : "#" + pointer + "/headers/" + OpenApiSpec.escape(h.getKey()) + "/schema";
              for (Error e : schema(location).validate(instance)) {
                problems.add(
                    where + ": header " + h.getKey() + ": " + value + ": " + e.getMessage());
              }
            });
  }

  private void validate(String location, byte[] body, String where, List<String> problems) {
    JsonNode instance;
    try {
      instance = Json.mapper().readTree(body == null ? new byte[0] : body);
    } catch (IOException e) {
      problems.add(where + ": the body is not JSON: " + e.getMessage());
      return;
    }
    if (instance == null || instance.isMissingNode()) {
      problems.add(where + ": empty body, but " + location + " declares a schema");
      return;
    }
    int before = problems.size();
    for (Error e : schema(location).validate(instance)) {
      String at = e.getInstanceLocation().toString();
      problems.add(
          where
              + " at "
              + (at.isEmpty() ? "/" : at)
              + ": "
              + e.getMessage()
              + " [schema "
              + e.getSchemaLocation()
              + "]");
    }
    if (problems.size() > before) {
      problems.add("body: " + truncate(new String(body, StandardCharsets.UTF_8)));
    }
  }

  /**
   * The compiled schema at {@code location} (a {@code #/…} pointer into the document): a copy of
   * that node, made strict, whose local {@code $ref}s point into the strict copy registered as
   * {@link #IRI}.
   */
  private Schema schema(String location) {
    return schemas.computeIfAbsent(
        location,
        l -> {
          JsonNode node = spec.document().at(l.substring(1)).deepCopy();
          forbidUndocumentedProperties(node);
          absoluteRefs(node);
          Schema s =
              registry.getSchema(
                  SchemaLocation.of("https://modelroute.test/check/" + schemas.size()), node);
          s.initializeValidators();
          return s;
        });
  }

  private static void absoluteRefs(JsonNode root) {
    Deque<JsonNode> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      JsonNode n = stack.pop();
      if (n instanceof ObjectNode o
          && o.path("$ref").isTextual()
          && o.get("$ref").asText().startsWith("#")) {
        o.put("$ref", IRI + o.get("$ref").asText());
      }
      n.forEach(stack::push);
    }
  }

  /**
   * Adds {@code additionalProperties: false} to every object schema with properties that leaves it
   * open. A member of an {@code allOf} is a part of its object, not the whole (e.g. the branch that
   * narrows an error's {@code code}): it is left as it is, or it would forbid the other parts'
   * fields.
   */
  static void forbidUndocumentedProperties(JsonNode root) {
    Deque<JsonNode> stack = new ArrayDeque<>();
    Set<JsonNode> parts = Collections.newSetFromMap(new IdentityHashMap<>());
    stack.push(root);
    while (!stack.isEmpty()) {
      JsonNode n = stack.pop();
      n.path("allOf").forEach(parts::add);
      if (n instanceof ObjectNode o
          && o.path("properties").isObject()
          && !o.has("additionalProperties")
          && !o.has("unevaluatedProperties")
          && !o.has("$ref")
          && !parts.contains(o)) {
        o.put("additionalProperties", false);
      }
      n.forEach(stack::push);
    }
  }

  /**
   * Whether Jetty refuses this before any route runs (documented once, in {@code info}): a path
   * with an encoded control character answers 400, a URI or headers too long 414 / 431.
   */
  private static boolean refusedByHttpLayer(String path, int status) {
    return status == 414 || status == 431 || (status == 400 && CONTROL_ESCAPE.matcher(path).find());
  }

  private static String mediaKey(JsonNode content, String type) {
    if (content.has(type)) {
      return type;
    }
    String range = type.substring(0, Math.max(0, type.indexOf('/'))) + "/*";
    if (content.has(range)) {
      return range;
    }
    return content.has("*/*") ? "*/*" : null;
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  private static String names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static String truncate(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
  }
}
