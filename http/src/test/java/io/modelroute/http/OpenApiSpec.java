package io.modelroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OpenAPI document as the tests read it (the built resource, version filled in): its operations
 * with their full path templates (a path item's own {@code servers} contribute their path, e.g.
 * {@code /v1/files} + {@code /upload/{token}}), and a matcher from a request to its operation.
 * Immutable.
 */
final class OpenApiSpec {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final OpenApiSpec INSTANCE = new OpenApiSpec(read());

  /**
   * One operation.
   *
   * @param method upper case
   * @param template the full path template as the server routes it
   * @param key the key of its path item in {@code paths}
   * @param node the operation object
   */
  record Operation(
      String method, String template, String key, JsonNode node, Pattern regex, int literals) {
    String id() {
      return node.path("operationId").asText(method + " " + template);
    }

    /** The JSON pointer of this operation in the document. */
    String pointer() {
      return "/paths/" + escape(key) + "/" + method.toLowerCase(Locale.ROOT);
    }
  }

  private final ObjectNode document;
  private final List<Operation> operations;

  private OpenApiSpec(ObjectNode document) {
    this.document = document;
    List<Operation> ops = new ArrayList<>();
    document
        .path("paths")
        .properties()
        .forEach(
            p -> {
              String prefix = serverPath(p.getValue());
              String template = prefix + p.getKey();
              p.getValue()
                  .properties()
                  .forEach(
                      m -> {
                        if (METHODS.contains(m.getKey())) {
                          ops.add(
                              new Operation(
                                  m.getKey().toUpperCase(Locale.ROOT),
                                  template,
                                  p.getKey(),
                                  m.getValue(),
                                  regex(template),
                                  literals(template)));
                        }
                      });
            });
    this.operations = List.copyOf(ops);
  }

  static OpenApiSpec get() {
    return INSTANCE;
  }

  /** The whole document (do not modify). */
  ObjectNode document() {
    return document;
  }

  List<Operation> operations() {
    return operations;
  }

  /**
   * The operation that serves {@code method} on {@code path}: of the templates that match, the one
   * with the most literal segments (so {@code /v1/files/upload} wins over {@code /v1/files/{id}}).
   */
  Optional<Operation> match(String method, String path) {
    return operations.stream()
        .filter(o -> o.method().equals(method) && o.regex().matcher(path).matches())
        .max(Comparator.comparingInt(Operation::literals));
  }

  /** Whether any operation, of any method, has a template matching {@code path}. */
  boolean hasPath(String path) {
    return operations.stream().anyMatch(o -> o.regex().matcher(path).matches());
  }

  /** Follows a local {@code $ref} (repeatedly) to the node it names. */
  JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int i = 0; i < 16 && n != null && n.has("$ref"); i++) {
      n = document.at(n.get("$ref").asText().substring(1));
    }
    return n;
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /**
   * The path part of the path item's first own server, or "" when it uses the document's servers.
   */
  private static String serverPath(JsonNode pathItem) {
    JsonNode servers = pathItem.path("servers");
    if (!servers.isArray() || servers.isEmpty()) {
      return "";
    }
    String url = servers.get(0).path("url").asText();
    String path = URI.create(url.replaceAll("\\{[^}]+}", "x")).getPath();
    return path == null ? "" : path.replaceAll("/$", "");
  }

  private static Pattern regex(String template) {
    StringBuilder sb = new StringBuilder();
    for (String part : template.split("(?=\\{)|(?<=})")) {
      sb.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
    }
    return Pattern.compile(sb.toString());
  }

  private static int literals(String template) {
    int n = 0;
    for (String segment : template.split("/")) {
      if (!segment.isEmpty() && !segment.startsWith("{")) {
        n++;
      }
    }
    return n;
  }

  private static ObjectNode read() {
    try (InputStream in = OpenApiSpec.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
      return (ObjectNode) new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
