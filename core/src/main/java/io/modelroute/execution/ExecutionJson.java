package io.modelroute.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Money;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON shapes of SPEC §4, shared by the HTTP API, webhooks, the event stream and
 * the idempotency store (so a replay returns byte-identical bodies). Never includes provider
 * names or job ids. Stateless and thread-safe.
 */
public final class ExecutionJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "png", "image/png", "jpeg", "image/jpeg", "jpg", "image/jpeg", "webp", "image/webp",
      "gif", "image/gif", "wav", "audio/wav", "mp3", "audio/mpeg", "mp4", "video/mp4", "webm", "video/webm");

  private ExecutionJson() {}

  /** The {@code 202 Accepted} body of a create. */
  public static ObjectNode accepted(Execution e) {
    ObjectNode n = NODES.objectNode();
    n.put("id", e.id());
    n.put("status", e.status().name());
    n.put("model", e.model());
    n.put("hold_amount", e.hold().toString());
    n.put("estimated_cost", e.estimatedCost().toString());
    n.put("expires_at", time(e.expiresAt()));
    n.put("created_at", time(e.createdAt()));
    return n;
  }

  /** The full execution object of {@code GET /v1/executions/{id}}. */
  public static ObjectNode full(Execution e) {
    ObjectNode n = NODES.objectNode();
    n.put("id", e.id());
    n.put("object", "execution");
    n.put("status", e.status().name());
    n.put("mode", e.mode().name());
    n.put("model", e.model());
    n.set("input", e.input());
    ObjectNode meta = n.putObject("metadata");
    new TreeMap<>(e.metadata()).forEach(meta::put);
    n.put("hold_amount", e.hold().toString());
    n.put("estimated_cost", e.estimatedCost().toString());
    n.put("cost", money(e.cost()));
    n.set("result", e.output() == null ? NODES.nullNode() : resultSummary(e.output()));
    if (e.error() == null) {
      n.putNull("error");
    } else {
      ObjectNode err = n.putObject("error");
      err.put("code", e.error().code().name());
      err.put("message", e.error().message());
      err.put("retryable", e.error().retryable());
    }
    n.put("attempts", e.attempts());
    if (e.latencyMs() == null) {
      n.putNull("latency_ms");
    } else {
      n.put("latency_ms", e.latencyMs());
    }
    n.put("webhook_url", e.webhookUrl());
    n.put("created_at", time(e.createdAt()));
    n.put("started_at", time(e.startedAt()));
    n.put("completed_at", time(e.completedAt()));
    n.put("expires_at", time(e.expiresAt()));
    return n;
  }

  /** The body of {@code GET /v1/executions/{id}/result} for a COMPLETED execution. */
  public static ObjectNode result(Execution e) {
    ObjectNode n = NODES.objectNode();
    n.put("execution_id", e.id());
    n.put("status", e.status().name());
    n.set("output", e.output() == null ? NODES.nullNode() : e.output());
    n.put("cost", money(e.cost()));
    if (e.latencyMs() == null) {
      n.putNull("latency_ms");
    } else {
      n.put("latency_ms", e.latencyMs());
    }
    return n;
  }

  /** A webhook / stream event envelope around the full execution object (SPEC §8). */
  public static ObjectNode event(String eventId, EventType type, Instant at, Execution e) {
    ObjectNode n = NODES.objectNode();
    n.put("id", eventId);
    n.put("event_type", type.wireName());
    n.put("type", type.wireName());
    n.put("timestamp", time(at));
    n.put("version", "1.0");
    n.put("organization_id", e.orgId());
    n.put("execution_id", e.id());
    n.set("data", full(e));
    return n;
  }

  /**
   * The {@code result} of the execution object: the first output file as {@code {file_id,
   * content_type, width, height}} (or {@code duration_s} for media), or {@code {text}} for text.
   */
  static JsonNode resultSummary(ObjectNode output) {
    for (String list : new String[] {"images", "videos", "audio"}) {
      JsonNode items = output.get(list);
      if (items != null && items.isArray() && !items.isEmpty()) {
        JsonNode first = items.get(0);
        ObjectNode r = NODES.objectNode();
        r.set("file_id", first.get("file_id"));
        r.put("content_type", contentType(first.path("format").asText("")));
        for (String f : new String[] {"width", "height", "duration_s"}) {
          if (first.has(f)) {
            r.set(f, first.get(f));
          }
        }
        return r;
      }
    }
    if (output.has("text")) {
      ObjectNode r = NODES.objectNode();
      r.set("text", output.get("text"));
      return r;
    }
    return NODES.nullNode();
  }

  /** The content type of a canonical output format name. */
  public static String contentType(String format) {
    return CONTENT_TYPES.getOrDefault(format.toLowerCase(Locale.ROOT), "application/octet-stream");
  }

  /** ISO-8601 UTC with {@code Z}, whole seconds, or null. */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String money(Money m) {
    return m == null ? null : m.toString();
  }
}
