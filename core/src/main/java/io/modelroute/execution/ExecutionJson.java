package io.modelroute.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.api.ExecutionAccepted;
import io.modelroute.api.ExecutionResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON shapes of docs/concepts.md, shared by the HTTP API, webhooks, the event stream
 * and the idempotency store (so a replay returns byte-identical bodies): the {@code
 * io.modelroute.api} wire records built from the domain {@link Execution}, and those records as
 * Jackson trees. Never includes provider names or job ids. Stateless and thread-safe.
 */
public final class ExecutionJson {
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "png",
          "image/png",
          "jpeg",
          "image/jpeg",
          "jpg",
          "image/jpeg",
          "webp",
          "image/webp",
          "gif",
          "image/gif",
          "wav",
          "audio/wav",
          "mp3",
          "audio/mpeg",
          "mp4",
          "video/mp4",
          "webm",
          "video/webm");

  private ExecutionJson() {}

  /** The {@code 202 Accepted} body of a create, as its wire record. */
  public static ExecutionAccepted acceptedRecord(Execution e) {
    return new ExecutionAccepted(
        e.id(),
        status(e.status()),
        e.model(),
        usd(e.hold()),
        usd(e.estimatedCost()),
        instant(e.expiresAt()),
        instant(e.createdAt()));
  }

  /** The full execution object of {@code GET /v1/executions/{id}}, as its wire record. */
  public static io.modelroute.api.Execution record(Execution e) {
    return new io.modelroute.api.Execution(
        e.id(),
        status(e.status()),
        io.modelroute.api.ExecutionMode.valueOf(e.mode().name()),
        e.model(),
        object(e.input()),
        new TreeMap<>(e.metadata()),
        usd(e.hold()),
        usd(e.estimatedCost()),
        usd(e.cost()),
        e.output() == null ? null : resultSummary(e.output()),
        e.error() == null
            ? null
            : new io.modelroute.api.ExecutionError(
                e.error().code().name(), e.error().message(), e.error().retryable()),
        e.attempts(),
        e.latencyMs(),
        e.webhookUrl(),
        instant(e.createdAt()),
        instant(e.startedAt()),
        instant(e.completedAt()),
        instant(e.expiresAt()));
  }

  /** The body of {@code GET /v1/executions/{id}/result}, as its wire record. */
  public static ExecutionResult resultRecord(Execution e) {
    return new ExecutionResult(
        e.id(), status(e.status()), object(e.output()), usd(e.cost()), e.latencyMs());
  }

  /**
   * A webhook / stream event envelope around the full execution object (docs/webhooks.md), as its
   * wire record.
   */
  public static io.modelroute.api.Event<io.modelroute.api.Execution> eventRecord(
      String eventId, EventType type, Instant at, Execution e) {
    return new io.modelroute.api.Event<>(
        eventId,
        type.wireName(),
        type.wireName(),
        instant(at),
        io.modelroute.api.Event.VERSION,
        e.orgId(),
        e.id(),
        record(e));
  }

  /** The {@code 202 Accepted} body of a create. */
  public static ObjectNode accepted(Execution e) {
    return tree(acceptedRecord(e));
  }

  /** The full execution object of {@code GET /v1/executions/{id}}. */
  public static ObjectNode full(Execution e) {
    return tree(record(e));
  }

  /** The body of {@code GET /v1/executions/{id}/result} for a COMPLETED execution. */
  public static ObjectNode result(Execution e) {
    return tree(resultRecord(e));
  }

  /** A webhook / stream event envelope around the full execution object (docs/webhooks.md). */
  public static ObjectNode event(String eventId, EventType type, Instant at, Execution e) {
    return tree(eventRecord(eventId, type, at, e));
  }

  /**
   * The {@code result} of the execution object: the first output file as {@code {file_id,
   * content_type, width, height}} (or {@code duration_s} for media), or {@code {text}} for text.
   */
  static Map<String, Object> resultSummary(ObjectNode output) {
    for (String list : new String[] {"images", "videos", "audio"}) {
      JsonNode items = output.get(list);
      if (items != null && items.isArray() && !items.isEmpty()) {
        JsonNode first = items.get(0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file_id", plain(first.get("file_id")));
        r.put("content_type", contentType(first.path("format").asText("")));
        for (String f : new String[] {"width", "height", "duration_s"}) {
          if (first.has(f)) {
            r.put(f, plain(first.get(f)));
          }
        }
        return r;
      }
    }
    if (output.has("text")) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("text", plain(output.get("text")));
      return r;
    }
    return null;
  }

  /** The content type of a canonical output format name. */
  public static String contentType(String format) {
    return CONTENT_TYPES.getOrDefault(format.toLowerCase(Locale.ROOT), "application/octet-stream");
  }

  /** ISO-8601 UTC with {@code Z}, whole seconds, or null. */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code t} to the whole second (how every body shows times), or null. */
  public static Instant instant(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * {@code m} as the wire's exact decimal, with the decimals {@link Money#toString()} shows ({@code
   * 0.040}), or null.
   */
  public static BigDecimal usd(Money m) {
    return m == null ? null : new BigDecimal(m.toString());
  }

  /**
   * A JSON object as plain Java values (maps, lists, strings, numbers, booleans, nulls), or null.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(JsonNode n) {
    return n == null || !n.isObject() ? null : (Map<String, Object>) plain(n);
  }

  /**
   * A JSON tree as plain Java values: objects become insertion-ordered maps, arrays lists, and
   * numbers keep their Jackson type (so writing them again gives the same JSON).
   */
  public static Object plain(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : n.properties()) {
        m.put(f.getKey(), plain(f.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      for (JsonNode item : n) {
        l.add(plain(item));
      }
      return l;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    if (n instanceof POJONode p) {
      return p.getPojo();
    }
    return n.asText();
  }

  /** A wire record as a Jackson tree. */
  public static ObjectNode tree(Object record) {
    return Json.mapper().valueToTree(record);
  }

  private static io.modelroute.api.ExecutionStatus status(ExecutionStatus s) {
    return io.modelroute.api.ExecutionStatus.valueOf(s.name());
  }
}
