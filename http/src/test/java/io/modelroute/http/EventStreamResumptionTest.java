package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.http.SseReader.Sse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event streams as the WHATWG HTML standard's Server-sent events describe them, checked on the raw
 * HTTP answers of a real server: {@code retry:}, an {@code id:} on every event, {@code
 * Last-Event-ID} resuming after that event, {@code 204} once the terminal event was delivered,
 * {@code 400} for an id the server did not send.
 */
class EventStreamResumptionTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final StreamedText PROVIDER = new StreamedText();
  static TestEngine engine;
  static ModelRouteServer server;
  static OkHttpClient http;
  static String base;
  static String key;

  @BeforeAll
  static void start() {
    engine =
        TestEngine.withDefaultCatalog(
            Dialect.H2, b -> b.startWorkers(true).clock(Clock.systemUTC()), PROVIDER);
    server = new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
    http = TestHttp.builder().readTimeout(Duration.ofSeconds(20)).build();
    base = "http://localhost:" + server.port();
    key = engine.modelRoute.organizations().create("acme", Money.parse("25.00")).key().secret();
  }

  @AfterAll
  static void stop() {
    server.stop();
    engine.close();
  }

  static Request.Builder events(String id) {
    return new Request.Builder()
        .url(base + "/v1/executions/" + id + "/events")
        .header("Authorization", "Bearer " + key);
  }

  static Request.Builder streamingCreate(String prompt) {
    return new Request.Builder()
        .url(base + "/v1/executions")
        .header("Authorization", "Bearer " + key)
        .post(
            RequestBody.create(
                "{\"model\":\"text-generation-standard\",\"mode\":\"STREAMING\",\"input\":{\"prompt\":\""
                    + prompt
                    + "\"}}",
                JSON));
  }

  /** The whole stream of a STREAMING create that runs to the end at once. */
  static List<Sse> streamToTheEnd(String prompt) throws IOException {
    try (Response r = http.newCall(streamingCreate(prompt).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      return new SseReader(r).all();
    }
  }

  static String executionId(List<Sse> events) {
    return Json.readTree(events.get(0).data()).path("id").asText();
  }

  /**
   * The events but the deltas, as name and data (their ids depend on how much text was sent before
   * them).
   */
  static List<String> withoutDeltas(List<Sse> events) {
    return events.stream()
        .filter(e -> !e.event().equals("output.delta"))
        .map(e -> e.event() + " " + e.data())
        .toList();
  }

  /** Creates an ASYNC execution of {@code prompt}; its id. */
  static String create(String prompt) throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/executions")
                    .header("Authorization", "Bearer " + key)
                    .post(
                        RequestBody.create(
                            "{\"model\":\"text-generation-standard\",\"input\":{\"prompt\":\""
                                + prompt
                                + "\"}}",
                            JSON))
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(202);
      return Json.readTree(r.body().string()).path("id").asText();
    }
  }

  static long[] parts(String id) {
    String[] p = id.split("\\.");
    return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2])};
  }

  static JsonNode error(Response r) throws IOException {
    assertThat(r.code()).isEqualTo(400);
    JsonNode body = Json.readTree(r.body().string()).path("error");
    assertThat(body.path("code").asText()).isEqualTo("INPUT_VALIDATION_ERROR");
    assertThat(body.path("request_id").asText()).startsWith("req_");
    assertThat(body.path("details").path(0).path("field").asText()).isEqualTo("Last-Event-ID");
    return body;
  }

  @Test
  void aStreamStartsWithRetryAndEveryEventCarriesAnIdThatMovesForward() throws Exception {
    List<String> retries;
    List<Sse> events;
    try (Response r = http.newCall(streamingCreate("ids").build()).execute()) {
      assertThat(r.body().source().readUtf8Line()).isEqualTo("retry: " + EventStream.RETRY_MS);
      SseReader reader = new SseReader(r);
      events = reader.all();
      retries = reader.retries;
    }
    assertThat(retries).isEmpty(); // once, at the start
    assertThat(events.get(0).event()).isEqualTo("execution.state");
    assertThat(events)
        .extracting(Sse::event)
        .contains("execution.started")
        .last()
        .isEqualTo("execution.completed");
    assertThat(SseReader.deltas(events)).isEqualTo(StreamedText.TEXT);
    assertThat(events).allSatisfy(e -> assertThat(e.id()).matches("\\d+\\.\\d+\\.\\d+"));
    for (int i = 1; i < events.size(); i++) {
      long[] before = parts(events.get(i - 1).id());
      long[] now = parts(events.get(i).id());
      assertThat(now[0]).isGreaterThanOrEqualTo(before[0]);
      assertThat(now[1]).isGreaterThanOrEqualTo(before[1]);
      assertThat(now[2]).isGreaterThanOrEqualTo(before[2]);
      assertThat(now).as("event %d moves the id on", i).isNotEqualTo(before);
    }
    assertThat(parts(events.get(events.size() - 1).id())[1]).isEqualTo(StreamedText.TEXT.length());
  }

  @Test
  void aReconnectWithTheIdOfAnEventGetsExactlyWhatCameAfterItAndNothingAgain() throws Exception {
    List<Sse> full = streamToTheEnd("resume");
    String id = executionId(full);
    for (int i = 0; i < full.size() - 1; i++) {
      Sse last = full.get(i);
      List<Sse> rest = full.subList(i + 1, full.size());
      try (Response r =
          http.newCall(events(id).header("Last-Event-ID", last.id()).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        List<Sse> resumed = new SseReader(r).all();
        assertThat(withoutDeltas(resumed)).as("after %s", last).isEqualTo(withoutDeltas(rest));
        // the execution has ended: the text it missed comes from the stored output, in one delta
        assertThat(SseReader.deltas(resumed))
            .as("after %s", last)
            .isEqualTo(SseReader.deltas(rest));
        assertThat(resumed)
            .filteredOn(e -> e.event().equals("output.delta"))
            .hasSizeLessThanOrEqualTo(1);
        assertThat(resumed.get(resumed.size() - 1)).isEqualTo(full.get(full.size() - 1));
      }
    }
  }

  @Test
  void aStreamResumedWhileTheExecutionRunsSkipsTheTextItAlreadyHad() throws Exception {
    String prompt = "running-" + UUID.randomUUID();
    var gate = PROVIDER.gate(prompt);
    String id = create(prompt);
    List<Sse> first = new ArrayList<>();
    try (Response r = http.newCall(events(id).build()).execute()) {
      SseReader reader = new SseReader(r);
      for (Sse e; (e = reader.next()) != null; ) {
        first.add(e);
        if (e.event().equals("output.delta") && e.text().equals("Hello, ")) {
          break; // the connection is lost right after the first delta
        }
      }
    }
    Sse lastSeen = first.get(first.size() - 1);
    List<Sse> second;
    try (Response r =
        http.newCall(events(id).header("Last-Event-ID", lastSeen.id()).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      SseReader reader = new SseReader(r);
      Sse e;
      while ((e = reader.next()) != null && !e.event().equals("output.delta")) {
        // the started event, if the first connection did not have it
      }
      assertThat(e.text()).isEqualTo("world"); // replayed from what the watch kept, after "Hello, "
      gate.countDown();
      second = reader.all();
    }
    List<Sse> both = new ArrayList<>(first);
    both.addAll(second);
    assertThat(second).extracting(Sse::event).doesNotContain("execution.state");
    assertThat(SseReader.deltas(both)).isEqualTo(StreamedText.TEXT);
    assertThat(both)
        .extracting(Sse::event)
        .containsOnlyOnce("execution.state", "execution.started", "execution.completed")
        .last()
        .isEqualTo("execution.completed");
  }

  @Test
  void aReconnectAfterTheTerminalEventIsAnswered204SoTheClientStops() throws Exception {
    List<Sse> full = streamToTheEnd("terminal");
    String terminal = full.get(full.size() - 1).id();
    try (Response r =
        http.newCall(events(executionId(full)).header("Last-Event-ID", terminal).build())
            .execute()) {
      assertThat(r.code()).isEqualTo(204);
      assertThat(r.body().string()).isEmpty();
    }
    // the STREAMING create re-sent by a reconnecting client (same Idempotency-Key) too
    String idem = "stream-" + UUID.randomUUID();
    List<Sse> created;
    try (Response r =
        http.newCall(streamingCreate("terminal-post").header("Idempotency-Key", idem).build())
            .execute()) {
      created = new SseReader(r).all();
    }
    try (Response r =
        http.newCall(
                streamingCreate("terminal-post")
                    .header("Idempotency-Key", idem)
                    .header("Last-Event-ID", created.get(created.size() - 1).id())
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(204);
      assertThat(r.body().string()).isEmpty();
    }
    try (Response r =
        http.newCall(
                streamingCreate("terminal-post")
                    .header("Idempotency-Key", idem)
                    .header("Last-Event-ID", created.get(0).id())
                    .build())
            .execute()) {
      assertThat(r.code())
          .isEqualTo(200); // resumed after the opening state: the same execution's rest
      List<Sse> rest = new SseReader(r).all();
      assertThat(SseReader.deltas(rest)).isEqualTo(StreamedText.TEXT);
      assertThat(rest.get(rest.size() - 1)).isEqualTo(created.get(created.size() - 1));
    }
  }

  @Test
  void aLastEventIdTheServerDidNotSendIsRefusedInTheErrorShapeAndAnEmptyOneStartsAfresh()
      throws Exception {
    List<Sse> mine = streamToTheEnd("garbled");
    List<Sse> other = streamToTheEnd("garbled-other");
    String id = executionId(mine);
    for (String garbled : List.of("evt_123", "1.2", "a.b.c", "-1.0.0", "1.2.3.4")) {
      try (Response r =
          http.newCall(events(id).header("Last-Event-ID", garbled).build()).execute()) {
        error(r);
      }
    }
    // well formed, but the event it names belongs to another execution
    try (Response r =
        http.newCall(events(id).header("Last-Event-ID", other.get(other.size() - 1).id()).build())
            .execute()) {
      assertThat(error(r).path("details").path(0).path("message").asText())
          .contains("not an event of this execution");
    }
    try (Response r = http.newCall(events(id).header("Last-Event-ID", "").build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(new SseReader(r).all().get(0).event()).isEqualTo("execution.state");
    }
  }

  @Test
  void aStreamingCreateWithLastEventIdButNoIdempotencyKeyIsRefusedBeforeAnythingIsCreated()
      throws Exception {
    String prompt = "no-key-" + UUID.randomUUID();
    try (Response r =
        http.newCall(streamingCreate(prompt).header("Last-Event-ID", "0.0.0").build()).execute()) {
      assertThat(error(r).path("details").path(0).path("message").asText())
          .contains("Idempotency-Key");
    }
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/executions?limit=100")
                    .header("Authorization", "Bearer " + key)
                    .build())
            .execute()) {
      assertThat(r.body().string()).doesNotContain(prompt);
    }
  }
}
