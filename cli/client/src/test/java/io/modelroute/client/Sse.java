package io.modelroute.client;

import mockwebserver3.MockResponse;

/** Builds the event streams of docs/concepts.md for MockWebServer, in the server's exact format. */
final class Sse {
  /** A well-formed API key for MockWebServer tests. */
  static final String KEY = "sk_" + "ab".repeat(32) + "_0123abcd";

  private Sse() {}

  static String execution(String status) {
    return execution(status, "null", "null");
  }

  static String execution(String status, String result, String error) {
    return "{\"id\":\"exec_1\",\"object\":\"execution\",\"status\":\""
        + status
        + "\",\"mode\":\"ASYNC\","
        + "\"model\":\"text-generation-standard\",\"input\":{\"prompt\":\"hi\"},\"metadata\":{},"
        + "\"hold_amount\":\"0.012\",\"estimated_cost\":\"0.010\",\"cost\":"
        + (status.equals("COMPLETED") ? "\"0.001\"" : "null")
        + ",\"result\":"
        + result
        + ",\"error\":"
        + error
        + ",\"attempts\":1,\"latency_ms\":null,\"webhook_url\":null,\"created_at\":\"2026-03-20T10:30:00Z\","
        + "\"started_at\":null,\"completed_at\":null,\"expires_at\":\"2026-03-20T10:35:00Z\"}";
  }

  /** The first event of every stream: the current state. */
  static String state(String status) {
    return "event: execution.state\ndata: " + execution(status) + "\n\n";
  }

  /** An outbox event: id, webhook name, the webhook envelope around the execution. */
  static String event(String eventId, String type, String executionJson) {
    return "id: "
        + eventId
        + "\nevent: "
        + type
        + "\ndata: {\"id\":\""
        + eventId
        + "\",\"event_type\":\""
        + type
        + "\",\"type\":\""
        + type
        + "\",\"timestamp\":\"2026-03-20T10:30:01Z\",\"version\":\"1.0\","
        + "\"organization_id\":\"org_12345678\",\"execution_id\":\"exec_1\",\"data\":"
        + executionJson
        + "}\n\n";
  }

  static String started(String eventId) {
    return event(eventId, "execution.started", execution("PROCESSING"));
  }

  static String completedWithText(String eventId, String text) {
    return event(
        eventId,
        "execution.completed",
        execution("COMPLETED", "{\"text\":\"" + text + "\"}", "null"));
  }

  static String progress(int percent) {
    return "event: progress\ndata: {\"percent\":" + percent + "}\n\n";
  }

  static String delta(String text) {
    return "event: output.delta\ndata: {\"text\":\"" + text + "\"}\n\n";
  }

  /**
   * {@code event} with the position id the server puts on every event ({@code
   * <event>.<text>.<progress>}).
   */
  static String numbered(String id, String event) {
    return event.startsWith("id: ")
        ? event.replaceFirst("^id: [^\n]*", "id: " + id)
        : "id: " + id + "\n" + event;
  }

  static MockResponse stream(String... events) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(String.join("", events))
        .build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse error(int code, String errorCode, boolean retryable) {
    return json(
        code,
        "{\"error\":{\"code\":\""
            + errorCode
            + "\",\"message\":\"m\",\"retryable\":"
            + retryable
            + ",\"request_id\":\"req_1\"}}");
  }
}
