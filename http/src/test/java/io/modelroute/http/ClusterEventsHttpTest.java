package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ModelRoute;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.catalog.Usage;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md over HTTP: a STREAMING request made to node B, whose execution node A runs,
 * streams A's text deltas as A produces them and ends with the terminal event.
 */
class ClusterEventsHttpTest {
  /** Streams "Hello, " and "world", waits for the test, then streams "!" and completes. */
  static final class GatedText implements Provider {
    final Semaphore gate = new Semaphore(0);

    @Override
    public String name() {
      return "demo";
    }

    @Override
    public ProviderOutcome start(ProviderRequest request) {
      request.listener().onDelta("Hello, ");
      request.listener().onDelta("world");
      try {
        gate.tryAcquire(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      request.listener().onDelta("!");
      return ProviderOutcome.Completed.text("Hello, world!", Usage.tokens(1, 3));
    }

    @Override
    public ProviderOutcome poll(ProviderRequest request, String jobId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancel(ProviderRequest request, String jobId) {}
  }

  static final String CATALOG =
      """
      models:
        - slug: test-text
          category: text
          description: Streamed text
          pricing: {unit: per_1k_tokens, input_price: "0.0005", output_price: "0.0015"}
          input_schema:
            type: object
            required: [prompt]
            properties:
              prompt: {type: string, minLength: 1}
          routes:
            - provider: demo
      """;

  static ModelRoute node(String url, String name, boolean workers, Provider... providers)
      throws Exception {
    java.nio.file.Path catalog = Files.createTempFile("catalog", ".yaml");
    Files.writeString(catalog, CATALOG);
    return ModelRoute.start(
        TestEngine.clusterNode(url, name, 4)
            .catalogFile(catalog)
            .clock(Clock.systemUTC())
            .startWorkers(workers)
            .providers(List.of(providers))
            .build());
  }

  /**
   * Event ids mean the same on every node: a stream cut on node A (which runs the execution)
   * resumes on node B with A's last id and gets exactly the rest, once.
   */
  @Test
  void aStreamCutOnOneNodeResumesOnAnotherWithTheLastEventIdAndGetsExactlyTheRest()
      throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    GatedText provider = new GatedText();
    try (ModelRoute a = node(url, "node-a", true, provider);
        ModelRoute b = node(url, "node-b", false)) {
      assertThat(a.clusterSignals().orElseThrow().awaitPeers(Duration.ofSeconds(10))).isTrue();
      assertThat(b.clusterSignals().orElseThrow().awaitPeers(Duration.ofSeconds(10))).isTrue();
      ModelRouteServer serverA = new ModelRouteServer(a, ServerConfig.defaults(0)).start();
      ModelRouteServer serverB = new ModelRouteServer(b, ServerConfig.defaults(0)).start();
      try {
        String key = a.organizations().create("acme", Money.parse("10.00")).key().secret();
        OkHttpClient http = TestHttp.builder().readTimeout(Duration.ofSeconds(20)).build();
        Request create =
            new Request.Builder()
                .url("http://localhost:" + serverA.port() + "/v1/executions")
                .header("Authorization", "Bearer " + key)
                .post(
                    RequestBody.create(
                        "{\"model\":\"test-text\",\"mode\":\"STREAMING\",\"input\":{\"prompt\":\"hi\"}}",
                        MediaType.get("application/json")))
                .build();
        List<SseReader.Sse> seen = new ArrayList<>();
        try (Response r = http.newCall(create).execute()) {
          SseReader reader = new SseReader(r);
          for (SseReader.Sse e; (e = reader.next()) != null; ) {
            seen.add(e);
            if (e.event().equals("output.delta") && e.text().equals("Hello, ")) {
              break; // cut right after the first delta, while node A still runs the execution
            }
          }
        }
        String id = io.modelroute.Json.readTree(seen.get(0).data()).path("id").asText();
        try (Response r =
            http.newCall(
                    new Request.Builder()
                        .url(
                            "http://localhost:"
                                + serverB.port()
                                + "/v1/executions/"
                                + id
                                + "/events")
                        .header("Authorization", "Bearer " + key)
                        .header("Last-Event-ID", seen.get(seen.size() - 1).id())
                        .build())
                .execute()) {
          assertThat(r.code()).isEqualTo(200);
          SseReader reader = new SseReader(r);
          SseReader.Sse e;
          while ((e = reader.next()) != null && !e.event().equals("output.delta")) {
            // the started event, if node A's stream did not have it
          }
          assertThat(e.text()).as("node B skips what node A sent").isEqualTo("world");
          provider.gate.release();
          seen.addAll(reader.all());
        }
        assertThat(SseReader.deltas(seen)).isEqualTo("Hello, world!");
        assertThat(seen)
            .extracting(SseReader.Sse::event)
            .containsOnlyOnce("execution.state", "execution.started", "execution.completed")
            .last()
            .isEqualTo("execution.completed");
      } finally {
        serverA.stop();
        serverB.stop();
        provider.gate.release(10);
      }
    }
  }

  @Test
  void aStreamingRequestToANodeThatDoesNotRunTheExecutionStreamsTheTextAsTheOtherNodeProducesIt()
      throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    GatedText provider = new GatedText();
    try (ModelRoute a = node(url, "node-a", true, provider);
        ModelRoute b = node(url, "node-b", false)) {
      assertThat(a.clusterSignals().orElseThrow().awaitPeers(Duration.ofSeconds(10))).isTrue();
      ModelRouteServer server = new ModelRouteServer(b, ServerConfig.defaults(0)).start();
      try {
        String key = b.organizations().create("acme", Money.parse("10.00")).key().secret();
        OkHttpClient http = TestHttp.builder().readTimeout(Duration.ofSeconds(20)).build();
        Request req =
            new Request.Builder()
                .url("http://localhost:" + server.port() + "/v1/executions")
                .header("Authorization", "Bearer " + key)
                .post(
                    RequestBody.create(
                        "{\"model\":\"test-text\",\"mode\":\"STREAMING\",\"input\":{\"prompt\":\"hi\"}}",
                        MediaType.get("application/json")))
                .build();
        List<String> events = new ArrayList<>();
        try (Response r = http.newCall(req).execute()) {
          assertThat(r.header("Content-Type")).startsWith("text/event-stream");
          BufferedSource body = r.body().source();
          String event = null;
          for (String line; (line = body.readUtf8Line()) != null; ) {
            if (line.startsWith("event: ")) {
              event = line.substring(7);
            } else if (line.startsWith("data: ") && event != null) {
              events.add(event.equals("output.delta") ? "delta " + line.substring(6) : event);
              if (events.stream().filter(e -> e.startsWith("delta")).count() == 2
                  && provider.gate.availablePermits() == 0
                  && !events.contains("released")) {
                events.add("released"); // both deltas arrived while node A still runs the execution
                provider.gate.release();
              }
            }
          }
        }
        assertThat(events)
            .containsSubsequence(
                "execution.state",
                "execution.started",
                "delta {\"text\":\"Hello, \"}",
                "delta {\"text\":\"world\"}",
                "released",
                "delta {\"text\":\"!\"}",
                "execution.completed");
        assertThat(events.get(events.size() - 1)).isEqualTo("execution.completed");
      } finally {
        server.stop();
        provider.gate.release(10);
      }
    }
  }
}
