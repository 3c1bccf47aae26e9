package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.Money;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden JSON: the wire shapes of docs/concepts.md and docs/webhooks.md, byte for byte. */
class ExecutionJsonTest {
  static final Instant CREATED = Instant.parse("2026-03-20T10:30:00.123456Z");

  static Execution completed() {
    return TestExecutions.pending()
        .status(ExecutionStatus.COMPLETED)
        .metadata(Map.of("b", "2", "a", "1"))
        .completed(
            Money.parse("0.040"),
            Json.readObject(
                "{\"images\":[{\"file_id\":"
                    + "\"file_f47ac10b-58cc-4372-a567-0e02b2c3d479\",\"format\":\"png\",\"width\":1024,\"height\":768}]}"))
        .attempts(1, "demo")
        .times(CREATED, CREATED.plusSeconds(1), CREATED.plusSeconds(8), CREATED.plusSeconds(300))
        .latencyMs(8420L)
        .build();
  }

  @Test
  void theAcceptedBodyIsExactlyTheDocumentedOne() {
    Execution e = completed();
    assertThat(Json.write(ExecutionJson.accepted(e)))
        .isEqualTo(
            "{\"id\":\"exec_a1b2c3d4-e5f6-7890-abcd-ef1234567890\",\"status\":\"COMPLETED\",\"model\":\"flux-1.1-pro\","
                + "\"hold_amount\":\"0.048\",\"estimated_cost\":\"0.040\",\"expires_at\":\"2026-03-20T10:35:00Z\","
                + "\"created_at\":\"2026-03-20T10:30:00Z\"}");
  }

  @Test
  void theFullObjectHasEveryFieldAndNoProvider() {
    assertThat(Json.write(ExecutionJson.full(completed())))
        .isEqualTo(
            "{\"id\":\"exec_a1b2c3d4-e5f6-7890-abcd-ef1234567890\",\"object\":\"execution\",\"status\":\"COMPLETED\","
                + "\"mode\":\"ASYNC\",\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"a city\"},"
                + "\"metadata\":{\"a\":\"1\",\"b\":\"2\"},\"hold_amount\":\"0.048\",\"estimated_cost\":\"0.040\","
                + "\"cost\":\"0.040\",\"result\":{\"file_id\":\"file_f47ac10b-58cc-4372-a567-0e02b2c3d479\","
                + "\"content_type\":\"image/png\",\"width\":1024,\"height\":768},\"error\":null,\"attempts\":1,"
                + "\"latency_ms\":8420,\"webhook_url\":null,\"created_at\":\"2026-03-20T10:30:00Z\","
                + "\"started_at\":\"2026-03-20T10:30:01Z\",\"completed_at\":\"2026-03-20T10:30:08Z\","
                + "\"expires_at\":\"2026-03-20T10:35:00Z\"}");
  }

  @Test
  void theResultBodyAndTheEventEnvelopeMatchTheDocs() {
    Execution e = completed();
    assertThat(Json.write(ExecutionJson.result(e)))
        .isEqualTo(
            "{\"execution_id\":\"exec_a1b2c3d4-e5f6-7890-abcd-ef1234567890\",\"status\":\"COMPLETED\","
                + "\"output\":{\"images\":[{\"file_id\":\"file_f47ac10b-58cc-4372-a567-0e02b2c3d479\",\"format\":\"png\","
                + "\"width\":1024,\"height\":768}]},\"cost\":\"0.040\",\"latency_ms\":8420}");
    var event = ExecutionJson.event("evt_1", EventType.COMPLETED, CREATED.plusSeconds(8), e);
    assertThat(event.fieldNames())
        .toIterable()
        .containsExactly(
            "id",
            "event_type",
            "type",
            "timestamp",
            "version",
            "organization_id",
            "execution_id",
            "data");
    assertThat(event.get("type").asText()).isEqualTo("execution.completed");
    assertThat(event.get("version").asText()).isEqualTo("1.0");
  }

  @Test
  void aFailedExecutionCarriesItsErrorWithTheRetryableFlag() {
    Execution c = completed();
    Execution failed =
        TestExecutions.from(c)
            .failed(
                ExecutionStatus.EXPIRED,
                new ExecutionError(ErrorCode.GENERATION_TIMEOUT, "too slow"))
            .attempts(1, null)
            .times(c.createdAt(), null, c.completedAt(), c.expiresAt())
            .latencyMs(300000L)
            .build();
    assertThat(ExecutionJson.full(failed).get("error").toString())
        .isEqualTo("{\"code\":\"GENERATION_TIMEOUT\",\"message\":\"too slow\",\"retryable\":true}");
    assertThat(ExecutionJson.full(failed).get("result").isNull()).isTrue();
  }
}
