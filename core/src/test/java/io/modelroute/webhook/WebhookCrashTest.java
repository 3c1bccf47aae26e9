package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.SettableClock;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Database;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/architecture.md for webhooks: a server killed with {@code kill -9} between a state change
 * and its delivery — or in the middle of the delivery — delivers the event after restart. The
 * server is a real child JVM ({@link CrashingNode}) killed with SIGKILL; the restarted node is this
 * JVM on the same database.
 */
class WebhookCrashTest {
  @TempDir Path dir;

  /** A receiver that records requests and, while {@code hold} is closed, never answers them. */
  static final class HoldingReceiver implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch firstRequest = new CountDownLatch(1);
    final CountDownLatch hold = new CountDownLatch(1);
    volatile boolean holding;

    HoldingReceiver(boolean holding) throws IOException {
      this.holding = holding;
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              requests.add(request);
              firstRequest.countDown();
              if (HoldingReceiver.this.holding) {
                hold.await(60, TimeUnit.SECONDS);
                return new MockResponse.Builder().code(500).build();
              }
              return new MockResponse.Builder().code(200).build();
            }
          });
      server.start(InetAddress.getLoopbackAddress(), 0);
    }

    String url() {
      return "http://127.0.0.1:" + server.getPort() + "/hooks";
    }

    @Override
    public void close() {
      hold.countDown();
      server.close();
    }
  }

  private String jdbcUrl(Dialect dialect) {
    return dialect == Dialect.H2
        ? Database.h2FileUrl(dir.resolve("db"))
        : TestDatabases.jdbcUrl(dialect);
  }

  private Process startNode(String jdbcUrl, Dialect dialect, String receiverUrl, String mode)
      throws IOException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-cp",
            classPath,
            CrashingNode.class.getName(),
            jdbcUrl,
            TestDatabases.user(dialect),
            TestDatabases.password(dialect),
            dir.resolve("node-data").toString(),
            receiverUrl,
            mode)
        .redirectError(dir.resolve("node-stderr.txt").toFile())
        .start();
  }

  /**
   * Reads the child's stdout until it reports the committed state change: {execution id, secret}.
   */
  private String[] awaitCommitted(Process node) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("COMMITTED ")) {
        return line.substring(10).split(" ");
      }
    }
    throw new AssertionError(
        "the node died before committing: " + Files.readString(dir.resolve("node-stderr.txt")));
  }

  private static void kill9(Process node) throws InterruptedException {
    node.destroyForcibly(); // SIGKILL: no shutdown hook, no lease release, nothing flushed
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).isEqualTo(137);
  }

  private ModelRoute restart(String jdbcUrl, Dialect dialect, SettableClock clock) {
    return ModelRoute.start(
        ModelRouteConfig.builder()
            .jdbcUrl(jdbcUrl)
            .dbUser(TestDatabases.user(dialect))
            .dbPassword(TestDatabases.password(dialect))
            .dataDir(dir.resolve("restarted-data"))
            .catalogFile(TestEngine.testCatalog())
            .clock(clock)
            .startWorkers(false)
            .allowPrivateWebhooks(true)
            .build());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aNodeKilledAfterTheStateChangeCommittedDeliversItsEventsAfterRestart(Dialect dialect)
      throws Exception {
    try (HoldingReceiver receiver = new HoldingReceiver(false)) {
      String jdbc = jdbcUrl(dialect);
      Process node = startNode(jdbc, dialect, receiver.url(), "after-commit");
      String[] committed = awaitCommitted(node);
      kill9(node);
      assertThat(receiver.requests).isEmpty();

      SettableClock clock = SettableClock.atNow();
      try (ModelRoute restarted = restart(jdbc, dialect, clock)) {
        assertThat(restarted.webhookWorker().runOnce(clock.instant())).isEqualTo(2);
      }

      assertThat(receiver.requests)
          .extracting(r -> Json.readTree(r.getBody().utf8()).get("event_type").asText())
          .containsExactly("execution.started", "execution.completed");
      for (RecordedRequest r : receiver.requests) {
        assertThat(Json.readTree(r.getBody().utf8()).get("execution_id").asText())
            .isEqualTo(committed[0]);
        new Webhook(committed[1]).verify(r.getBody().utf8(), r.getHeaders().toMultimap());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aNodeKilledDuringAnAttemptHasTheDeliveryTakenOverWhenItsLeaseRunsOut(Dialect dialect)
      throws Exception {
    try (HoldingReceiver receiver = new HoldingReceiver(true)) {
      String jdbc = jdbcUrl(dialect);
      Process node = startNode(jdbc, dialect, receiver.url(), "during-attempt");
      awaitCommitted(node);
      assertThat(receiver.firstRequest.await(60, TimeUnit.SECONDS))
          .as("the node's attempt arrived")
          .isTrue();
      kill9(node);
      receiver.holding = false;
      receiver.hold.countDown();

      SettableClock clock = SettableClock.atNow();
      try (ModelRoute restarted = restart(jdbc, dialect, clock)) {
        DeliveryWorker worker = restarted.webhookWorker();
        assertThat(worker.runOnce(clock.instant())).as("still leased by the dead node").isZero();
        Instant leaseOver =
            clock.instant().plus(WebhookSettings.DEFAULT_LEASE).plus(Duration.ofSeconds(1));
        assertThat(worker.runOnce(leaseOver)).isEqualTo(2);
      }

      List<String> types =
          receiver.requests.stream()
              .map(r -> Json.readTree(r.getBody().utf8()).get("event_type").asText())
              .toList();
      // at least once: the interrupted attempt's event comes again, with the same id
      assertThat(types)
          .containsExactly("execution.started", "execution.started", "execution.completed");
      assertThat(receiver.requests.get(1).getHeaders().get("webhook-id"))
          .isEqualTo(receiver.requests.get(0).getHeaders().get("webhook-id"));
    }
  }
}
