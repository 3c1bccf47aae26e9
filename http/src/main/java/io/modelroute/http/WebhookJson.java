package io.modelroute.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.execution.ExecutionJson;
import io.modelroute.webhook.DeliveryAttempt;
import io.modelroute.webhook.WebhookDelivery;
import io.modelroute.webhook.WebhookEndpoint;
import java.util.List;

/** The wire shapes of webhook endpoints and deliveries (SPEC §8). */
final class WebhookJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private WebhookJson() {}

  /** An endpoint as every read shows it: never the secret. */
  static ObjectNode endpoint(WebhookEndpoint e) {
    ObjectNode n = NODES.objectNode();
    n.put("id", e.id());
    n.put("url", e.url());
    n.put("description", e.description());
    e.events().forEach(n.putArray("events")::add);
    ObjectNode headers = n.putObject("headers");
    e.headers().forEach(headers::put);
    n.put("is_active", e.active());
    n.put("failure_count", e.failureCount());
    n.put("last_success", ExecutionJson.time(e.lastSuccess()));
    n.put("last_failure", ExecutionJson.time(e.lastFailure()));
    n.put("created_at", ExecutionJson.time(e.createdAt()));
    return n;
  }

  /** A delivery of the log: its event, status, attempts, the last answer and the next attempt. */
  static ObjectNode delivery(WebhookDelivery d) {
    ObjectNode n = NODES.objectNode();
    n.put("id", d.id());
    n.put("endpoint_id", d.endpointId());
    n.put("event_id", d.eventId());
    n.put("event_type", d.eventType());
    n.put("execution_id", d.executionId());
    n.put("status", d.status().name());
    n.put("attempts", d.attempts());
    n.put("last_response_code", d.lastStatusCode());
    n.put("last_latency_ms", d.lastLatencyMs());
    n.put("last_error", d.lastError());
    n.put("last_attempt_at", ExecutionJson.time(d.lastAttemptAt()));
    n.put("next_attempt_at", ExecutionJson.time(d.nextAttemptAt()));
    n.put("created_at", ExecutionJson.time(d.createdAt()));
    n.put("expires_at", ExecutionJson.time(d.expiresAt()));
    n.put("completed_at", ExecutionJson.time(d.completedAt()));
    return n;
  }

  /** A delivery with its full attempt log. */
  static ObjectNode delivery(WebhookDelivery d, List<DeliveryAttempt> attempts) {
    ObjectNode n = delivery(d);
    var log = n.putArray("attempt_log");
    for (DeliveryAttempt a : attempts) {
      log.addObject()
          .put("attempt", a.attempt())
          .put("response_code", a.statusCode())
          .put("latency_ms", a.latencyMs())
          .put("error", a.error())
          .put("attempted_at", ExecutionJson.time(a.attemptedAt()));
    }
    return n;
  }
}
