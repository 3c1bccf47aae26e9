package io.modelroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.SettableClock;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.provider.openai.OpenAiConfig;
import io.modelroute.provider.openai.OpenAiProvider;
import io.modelroute.worker.DispatcherSettings;
import io.modelroute.worker.ProviderLimits;
import io.modelroute.worker.internal.ProviderPermits;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, cluster-wide limits: a provider's concurrency limit holds across every node on one
 * PostgreSQL.
 */
class ClusterLimitsTest {
  static final int K = 2;
  static final Duration LEASE = Duration.ofSeconds(60);

  final MockWebServer upstream = new MockWebServer();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger answered = new AtomicInteger();
  final Semaphore answer = new Semaphore(0);

  @BeforeEach
  void start() throws Exception {
    upstream.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              answer.tryAcquire(60, TimeUnit.SECONDS); // held until the test lets one through
            } finally {
              inFlight.decrementAndGet();
              answered.incrementAndGet();
            }
            return new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(
                    "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,\"total_tokens\":30}}")
                .build();
          }
        });
    upstream.start();
  }

  @AfterEach
  void stop() {
    answer.release(1000);
    upstream.close();
  }

  ModelRoute node(String url, String name, Clock clock, boolean workers) throws Exception {
    Path catalog = Path.of(getClass().getResource("cluster-catalog.yaml").toURI());
    return ModelRoute.start(
        ModelRouteConfig.builder()
            .dataDir(Files.createTempDirectory("node"))
            .jdbcUrl(url)
            .dbUser(TestDatabases.user(Dialect.POSTGRESQL))
            .dbPassword(TestDatabases.password(Dialect.POSTGRESQL))
            .dbPoolSize(8)
            .catalogFile(catalog)
            .clock(clock)
            .startWorkers(workers)
            .dispatcher(
                new DispatcherSettings(
                    name, 4, Duration.ofMillis(50), LEASE, 3, Duration.ofSeconds(1)))
            .providers(
                List.of(
                    new OpenAiProvider(
                        new OpenAiConfig(
                            "upstream",
                            URI.create(upstream.url("/v1").toString()),
                            "key",
                            null,
                            null,
                            null,
                            null))))
            .providerLimits(Map.of("upstream", new ProviderLimits(5, Duration.ofSeconds(30), K)))
            .build());
  }

  @Test
  void threeNodesTogetherNeverHaveMoreThanKCallsInFlightAtTheProvider() throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    int total = 12;
    List<ModelRoute> nodes = new ArrayList<>();
    try {
      for (String name : List.of("node-a", "node-b", "node-c")) {
        nodes.add(node(url, name, Clock.systemUTC(), true));
      }
      ModelRoute a = nodes.get(0);
      var org = a.organizations().create("acme", Money.parse("10.00"));
      Principal p = a.apiKeys().authenticate(org.key().secret());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        ids.add(
            nodes
                .get(i % 3)
                .executions()
                .create(
                    p,
                    CreateExecution.of("chat", Json.readObject("{\"prompt\":\"hello " + i + "\"}")),
                    null,
                    null)
                .executionId());
      }
      // each node has 4 workers and its own bulkhead of K: unshared, 3 × K calls would be in flight
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (answered.get() < total && System.nanoTime() < deadline) {
        if (inFlight.get() >= Math.min(K, total - answered.get())) {
          int before = answered.get();
          answer.release();
          while (answered.get() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
        } else {
          Thread.onSpinWait();
        }
      }
      assertThat(answered.get()).isEqualTo(total);
      assertThat(maxInFlight.get())
          .as("calls in flight at the provider across three nodes")
          .isEqualTo(K);
      while (System.nanoTime() < deadline
          && !ids.stream()
              .allMatch(id -> a.executions().get(p.orgId(), id).status().isTerminal())) {
        Thread.onSpinWait();
      }
      assertThat(ids)
          .allSatisfy(
              id ->
                  assertThat(a.executions().get(p.orgId(), id).status())
                      .isEqualTo(ExecutionStatus.COMPLETED));
      assertThat(a.cluster().permitsHeld("upstream")).isZero();
    } finally {
      answer.release(1000);
      nodes.forEach(ModelRoute::close);
    }
  }

  @Test
  void aDeadNodesPermitsComeBackWithinOneLeaseWhileALiveNodeKeepsItsOwn() throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    SettableClock clock = SettableClock.atNow();
    try (ModelRoute a = node(url, "node-a", clock, false);
        ModelRoute b = node(url, "node-b", clock, false)) {
      a.cluster().register();
      b.cluster().register();
      ProviderPermits pa = a.cluster().permits();
      ProviderPermits pb = b.cluster().permits();
      assertThat(pa.tryAcquire("upstream", K, "exe_a1")).isZero();
      assertThat(pa.tryAcquire("upstream", K, "exe_a2")).isEqualTo(1);
      assertThat(pb.tryAcquire("upstream", K, "exe_b1")).isEqualTo(ProviderPermits.NO_PERMIT);

      // node-a alive: its heartbeats keep its permits past the first lease
      clock.advance(LEASE.minusSeconds(5));
      a.cluster().heartbeat();
      clock.advance(LEASE.minusSeconds(5));
      assertThat(pb.tryAcquire("upstream", K, "exe_b1")).isEqualTo(ProviderPermits.NO_PERMIT);

      // node-a dies (no heartbeat, no release): within one lease of its last heartbeat both come
      // back
      clock.advance(Duration.ofSeconds(6));
      assertThat(pb.tryAcquire("upstream", K, "exe_b1")).isNotEqualTo(ProviderPermits.NO_PERMIT);
      assertThat(pb.tryAcquire("upstream", K, "exe_b2")).isNotEqualTo(ProviderPermits.NO_PERMIT);
      assertThat(pb.tryAcquire("upstream", K, "exe_b3")).isEqualTo(ProviderPermits.NO_PERMIT);
      assertThat(b.cluster().permitsHeld("upstream")).isEqualTo(K);

      // the dead node's late release of a slot now held by another changes nothing
      pa.release("upstream", 0, "exe_a1");
      assertThat(b.cluster().permitsHeld("upstream")).isEqualTo(K);

      // a clean stop gives permits back at once
      b.close();
      assertThat(pa.tryAcquire("upstream", K, "exe_a3")).isNotEqualTo(ProviderPermits.NO_PERMIT);
    }
  }
}
