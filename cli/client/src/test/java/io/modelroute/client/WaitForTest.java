package io.modelroute.client;

import static io.modelroute.client.Sse.completedWithText;
import static io.modelroute.client.Sse.delta;
import static io.modelroute.client.Sse.error;
import static io.modelroute.client.Sse.execution;
import static io.modelroute.client.Sse.json;
import static io.modelroute.client.Sse.numbered;
import static io.modelroute.client.Sse.progress;
import static io.modelroute.client.Sse.started;
import static io.modelroute.client.Sse.state;
import static io.modelroute.client.Sse.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionError;
import io.modelroute.api.ExecutionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code waitFor} and {@code run} over MockWebServer: the stream, reconnects, the polling fallback,
 * deadlines.
 */
class WaitForTest {
  static final String KEY = Sse.KEY;
  static final Duration MINUTE = Duration.ofMinutes(1);

  final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();
  final RecordingListener events = new RecordingListener();
  ModelRouteClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client =
        ModelRouteClient.builder(server.url("/").toString(), KEY)
            .clock(time.clock)
            .sleeper(time)
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void waitForFollowsTheStreamReportingStatusProgressAndTextInOrder() throws Exception {
    server.enqueue(
        stream(
            state("PENDING"),
            started("evt_1"),
            progress(40),
            delta("Hel"),
            ": keep-alive\n\n",
            delta("lo"),
            completedWithText("evt_2", "Hello")));

    Execution done = client.executions().waitFor("exec_1", MINUTE, events);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(done.text()).contains("Hello");
    assertThat(done.cost()).isEqualByComparingTo(new BigDecimal("0.001"));
    assertThat(done.holdAmount()).isEqualTo(new BigDecimal("0.012"));
    assertThat(events.heard)
        .containsExactly("PENDING", "PROCESSING", "40%", "+Hel", "+lo", "COMPLETED");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestLine()).isEqualTo("GET /v1/executions/exec_1/events HTTP/1.1");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Last-Event-ID")).isNull();
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void anExecutionAlreadyOverIsReturnedFromTheFirstEvent() throws Exception {
    server.enqueue(stream("event: execution.state\ndata: " + execution("CANCELLED") + "\n\n"));

    Execution done = client.executions().waitFor("exec_1", MINUTE);

    assertThat(done.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aFailedExecutionIsReturnedWithItsError() throws Exception {
    server.enqueue(
        stream(
            state("PROCESSING"),
            Sse.event(
                "evt_9",
                "execution.failed",
                execution(
                    "FAILED",
                    "null",
                    "{\"code\":\"GENERATION_FAILED\",\"message\":\"provider returned nothing\",\"retryable\":true}"))));

    Execution done = client.executions().waitFor("exec_1", MINUTE);

    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(done.error())
        .isEqualTo(new ExecutionError("GENERATION_FAILED", "provider returned nothing", true));
  }

  @Test
  void aStreamThatEndsEarlyIsReconnectedWithLastEventIdAndEventsSeenBeforeAreNotRepeated()
      throws Exception {
    server.enqueue(stream(state("PENDING"), started("evt_1"), delta("Hel")));
    server.enqueue(
        stream(
            state("PROCESSING"),
            started("evt_1"),
            delta("lo"),
            completedWithText("evt_2", "Hello")));

    Execution done = client.executions().waitFor("exec_1", MINUTE, events);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(events.heard)
        .containsExactly("PENDING", "PROCESSING", "+Hel", "PROCESSING", "+lo", "COMPLETED");
    server.takeRequest();
    RecordedRequest reconnect = server.takeRequest();
    assertThat(reconnect.getUrl().encodedPath()).isEqualTo("/v1/executions/exec_1/events");
    assertThat(reconnect.getHeaders().get("Last-Event-ID")).isEqualTo("evt_1");
    assertThat(time.sleeps).containsExactly(ExecutionFollower.FIRST_RECONNECT);
  }

  @Test
  void aReconnectResumesAfterTheLastEventOfAnyKindSoNoTextIsHeardTwice() throws Exception {
    server.enqueue(
        stream(
            numbered("0.0.0", state("PENDING")),
            numbered("1.0.0", started("evt_1")),
            numbered("1.3.0", delta("Hel"))));
    // the server resumes after 1.3.0: no opening state, only what came after
    server.enqueue(
        stream(
            numbered("1.5.0", delta("lo")),
            numbered("2.5.0", completedWithText("evt_2", "Hello"))));

    Execution done = client.executions().waitFor("exec_1", MINUTE, events);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(events.heard).containsExactly("PENDING", "PROCESSING", "+Hel", "+lo", "COMPLETED");
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Last-Event-ID")).isEqualTo("1.3.0");
  }

  @Test
  void aReconnectAnswered204MeansTheStreamIsOverAndTheExecutionIsReadOnce() throws Exception {
    server.enqueue(stream(numbered("0.0.0", state("PROCESSING")), numbered("0.2.0", delta("hi"))));
    server.enqueue(new MockResponse.Builder().code(204).build());
    server.enqueue(json(200, execution("COMPLETED", "{\"text\":\"hi\"}", "null")));

    Execution done = client.executions().waitFor("exec_1", MINUTE, events);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(3);
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Last-Event-ID")).isEqualTo("0.2.0");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/executions/exec_1 HTTP/1.1");
  }

  @Test
  void aLastEventIdTheServerRefusesIsDroppedAndTheStreamReopenedFromItsStart() throws Exception {
    server.enqueue(stream(numbered("0.0.0", state("PROCESSING")), numbered("0.2.0", delta("hi"))));
    server.enqueue(error(400, "INPUT_VALIDATION_ERROR", false)); // e.g. an id from an older server
    server.enqueue(stream(state("PROCESSING"), completedWithText("evt_2", "hi")));

    Execution done = client.executions().waitFor("exec_1", MINUTE, events);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Last-Event-ID")).isEqualTo("0.2.0");
    RecordedRequest reopened = server.takeRequest();
    assertThat(reopened.getUrl().encodedPath()).isEqualTo("/v1/executions/exec_1/events");
    assertThat(reopened.getHeaders().get("Last-Event-ID")).isNull();
  }

  @Test
  void aConnectionCutInTheMiddleOfTheStreamIsReconnected() throws Exception {
    server.enqueue(
        new MockResponse.Builder(stream(state("PROCESSING"), delta("a".repeat(10_000))))
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(stream(state("PROCESSING"), completedWithText("evt_2", "done")));

    Execution done = client.executions().waitFor("exec_1", MINUTE);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void withoutAnEventsRouteItPollsWithBackoffHonouringRetryAfter() throws Exception {
    server.enqueue(error(404, "NOT_FOUND", false)); // a server without the stream
    server.enqueue(json(200, execution("PENDING")));
    server.enqueue(json(200, execution("PROCESSING")));
    server.enqueue(
        new MockResponse.Builder(error(429, "RATE_LIMITED", true))
            .addHeader("Retry-After", "2")
            .build());
    server.enqueue(json(200, execution("PROCESSING")));
    server.enqueue(json(200, execution("COMPLETED", "{\"text\":\"hi\"}", "null")));

    Execution done = client.executions().waitFor("exec_1", MINUTE, events);

    assertThat(done.text()).contains("hi");
    assertThat(events.heard).containsExactly("PENDING", "PROCESSING", "PROCESSING", "COMPLETED");
    assertThat(time.sleeps)
        .containsExactly(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2));
    server.takeRequest();
    for (int i = 0; i < 5; i++) {
      assertThat(server.takeRequest().getRequestLine())
          .isEqualTo("GET /v1/executions/exec_1 HTTP/1.1");
    }
  }

  @Test
  void aStreamThatIsNotAnEventStreamFallsBackToPolling() throws Exception {
    server.enqueue(json(200, "{\"hello\":\"proxy\"}"));
    server.enqueue(json(200, execution("COMPLETED", "{\"text\":\"hi\"}", "null")));

    assertThat(client.executions().waitFor("exec_1", MINUTE).status())
        .isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStreamThatKeepsFailingFallsBackToPolling() throws Exception {
    for (int i = 0; i < ExecutionFollower.MAX_STREAM_FAILURES; i++) {
      server.enqueue(error(503, "SERVICE_UNAVAILABLE", true));
    }
    server.enqueue(json(200, execution("COMPLETED", "{\"text\":\"hi\"}", "null")));

    Execution done = client.executions().waitFor("exec_1", MINUTE);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void aStreamThatKeepsDroppingWithoutNewsFallsBackToPolling() throws Exception {
    for (int i = 0; i < ExecutionFollower.MAX_STREAM_FAILURES; i++) {
      server.enqueue(stream(state("PROCESSING")));
    }
    server.enqueue(json(200, execution("COMPLETED", "{\"text\":\"hi\"}", "null")));

    assertThat(client.executions().waitFor("exec_1", MINUTE).status())
        .isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void garbledEventDataFallsBackToPolling() throws Exception {
    server.enqueue(stream("event: execution.state\ndata: {not json\n\n"));
    server.enqueue(json(200, execution("COMPLETED", "{\"text\":\"hi\"}", "null")));

    assertThat(client.executions().waitFor("exec_1", MINUTE).status())
        .isEqualTo(ExecutionStatus.COMPLETED);
  }

  @Test
  void anUnknownExecutionIsNotFound() {
    server.enqueue(error(404, "NOT_FOUND", false));
    server.enqueue(error(404, "NOT_FOUND", false));

    ModelRouteApiException e =
        catchThrowableOfType(
            ModelRouteApiException.class, () -> client.executions().waitFor("exec_nope", MINUTE));

    assertThat(e.code()).isEqualTo("NOT_FOUND");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRejectedKeyIsThrownAtOnce() {
    server.enqueue(error(401, "UNAUTHORIZED", false));

    ModelRouteApiException e =
        catchThrowableOfType(
            ModelRouteApiException.class, () -> client.executions().waitFor("exec_1", MINUTE));

    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void pollingThatKeepsFailingThrowsTheLastErrorAfterTheRetryPolicy() {
    server.enqueue(error(404, "NOT_FOUND", false));
    for (int i = 0; i < 4; i++) {
      server.enqueue(error(503, "SERVICE_UNAVAILABLE", true));
    }

    ModelRouteApiException e =
        catchThrowableOfType(
            ModelRouteApiException.class, () -> client.executions().waitFor("exec_1", MINUTE));

    assertThat(e.code()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(time.sleeps)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void theDeadlineBoundsPolling() {
    server.enqueue(error(404, "NOT_FOUND", false));
    for (int i = 0; i < 10; i++) {
      server.enqueue(json(200, execution("PROCESSING")));
    }

    WaitTimeoutException e =
        catchThrowableOfType(
            WaitTimeoutException.class,
            () -> client.executions().waitFor("exec_1", Duration.ofSeconds(2)));

    assertThat(e.executionId()).contains("exec_1");
    assertThat(e.lastStatus()).contains(ExecutionStatus.PROCESSING);
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(e.getMessage())
        .isEqualTo("exec_1 is still PROCESSING after 2s; it keeps running on the server");
    assertThat(time.sleeps)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500));
  }

  @Test
  void theDeadlineCutsASilentStream() {
    // real time: the stream sends the state, then nothing (keep-alives would come every 15 s)
    server.enqueue(
        new MockResponse.Builder(stream(state("PROCESSING")))
            .onResponseEnd(SocketEffect.Stall.INSTANCE)
            .build());
    try (ModelRouteClient realTime = new ModelRouteClient(server.url("/").toString(), KEY)) {
      long t0 = System.nanoTime();

      WaitTimeoutException e =
          catchThrowableOfType(
              WaitTimeoutException.class,
              () -> realTime.executions().waitFor("exec_1", Duration.ofMillis(300), events));

      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isBetween(250L, 5_000L);
      assertThat(e.lastStatus()).contains(ExecutionStatus.PROCESSING);
      assertThat(events.heard).containsExactly("PROCESSING");
      assertThat(server.getRequestCount()).as("one connection, cut at the deadline").isEqualTo(1);
    }
  }

  @Test
  void runSubmitsInStreamingModeAndFollowsFromTheFirstEvent() throws Exception {
    server.enqueue(
        stream(state("PENDING"), started("evt_1"), delta("Hi"), completedWithText("evt_2", "Hi")));
    var input = Json.mapper().createObjectNode().put("prompt", "hi");

    Execution done =
        client
            .executions()
            .run(ExecutionRequest.of("text-generation-standard", input), "key-1", MINUTE, events);

    assertThat(done.text()).contains("Hi");
    assertThat(events.heard).containsExactly("PENDING", "PROCESSING", "+Hi", "COMPLETED");
    RecordedRequest post = server.takeRequest();
    assertThat(post.getRequestLine()).isEqualTo("POST /v1/executions HTTP/1.1");
    assertThat(post.getHeaders().get("Idempotency-Key")).isEqualTo("key-1");
    assertThat(post.getHeaders().get("Accept")).contains("text/event-stream");
    assertThat(Json.readTree(post.getBody().utf8()))
        .isEqualTo(
            Json.readTree(
                "{\"model\":\"text-generation-standard\",\"input\":{\"prompt\":\"hi\"},\"mode\":\"STREAMING\"}"));
  }

  @Test
  void runRepeatsAFailedSubmissionWithTheSameIdempotencyKey() throws Exception {
    server.enqueue(
        new MockResponse.Builder(error(503, "SERVICE_UNAVAILABLE", true))
            .addHeader("Retry-After", "1")
            .build());
    server.enqueue(stream(state("PENDING"), completedWithText("evt_2", "Hi")));

    client
        .executions()
        .run(ExecutionRequest.of("m", Json.mapper().createObjectNode()), MINUTE, events);

    String first = server.takeRequest().getHeaders().get("Idempotency-Key");
    assertThat(first).isNotBlank();
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(first);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void runThrowsARefusedSubmissionAtOnce() {
    server.enqueue(error(402, "INSUFFICIENT_BALANCE", false));

    ModelRouteApiException e =
        catchThrowableOfType(
            ModelRouteApiException.class,
            () ->
                client
                    .executions()
                    .run(
                        ExecutionRequest.of("m", Json.mapper().createObjectNode()),
                        MINUTE,
                        events));

    assertThat(e.code()).isEqualTo("INSUFFICIENT_BALANCE");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void runFollowsByIdWhenTheServerAcceptsWithoutStreaming() throws Exception {
    server.enqueue(
        json(
            202,
            "{\"id\":\"exec_1\",\"status\":\"PENDING\",\"model\":\"m\",\"hold_amount\":\"0.012\","
                + "\"estimated_cost\":\"0.010\",\"expires_at\":\"2026-03-20T10:35:00Z\",\"created_at\":\"2026-03-20T10:30:00Z\"}"));
    server.enqueue(stream(state("PROCESSING"), completedWithText("evt_2", "Hi")));

    Execution done =
        client
            .executions()
            .run(ExecutionRequest.of("m", Json.mapper().createObjectNode()), MINUTE, events);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    server.takeRequest();
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/executions/exec_1/events HTTP/1.1");
  }

  @Test
  void runReconnectsByIdWhenTheSubmissionStreamDrops() throws Exception {
    server.enqueue(stream(state("PENDING")));
    server.enqueue(stream(state("PROCESSING"), completedWithText("evt_2", "Hi")));

    Execution done =
        client
            .executions()
            .run(ExecutionRequest.of("m", Json.mapper().createObjectNode()), MINUTE, events);

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/executions/exec_1/events HTTP/1.1");
  }
}
