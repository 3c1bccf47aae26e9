package io.modelroute.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The event names of webhooks and event streams (docs/webhooks.md). Records carry them as strings
 * ({@code event_type}, an endpoint's {@code events}) so names a newer server adds still arrive;
 * these are the names this version knows.
 */
public enum EventType {
  EXECUTION_STARTED("execution.started"),
  EXECUTION_COMPLETED("execution.completed"),
  EXECUTION_FAILED("execution.failed"),
  EXECUTION_CANCELLED("execution.cancelled"),
  /** Sent by {@code POST /v1/webhooks/endpoints/{id}/test}. */
  WEBHOOK_TEST("webhook.test");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, e.g. {@code execution.completed}. */
  public String wireName() {
    return wireName;
  }

  /** The type named {@code wireName}, or empty for a name this version does not know. */
  public static Optional<EventType> fromWire(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }
}
