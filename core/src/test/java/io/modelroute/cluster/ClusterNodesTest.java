package io.modelroute.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ModelRoute;
import io.modelroute.Money;
import io.modelroute.SettableClock;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.worker.internal.ProviderPermits;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, operations: nodes register, heartbeat, go stale when silent and say goodbye on a clean
 * stop.
 */
class ClusterNodesTest {
  static ModelRoute node(String url, String name, Clock clock, boolean workers) throws Exception {
    return ModelRoute.start(
        TestEngine.clusterNode(url, name, 4)
            .catalogFile(TestEngine.testCatalog())
            .clock(clock)
            .startWorkers(workers)
            .build());
  }

  @Test
  void nodesAreListedLiveWithTheLeasesTheyHoldThenStaleWhenSilentAndStoppedAfterACleanStop()
      throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    SettableClock clock = SettableClock.atNow();
    try (ModelRoute a = node(url, "node-a", clock, false);
        ModelRoute b = node(url, "node-b", clock, false)) {
      a.cluster().register();
      b.cluster().register();
      var org = a.organizations().create("acme", Money.parse("1.00"));
      var p = a.apiKeys().authenticate(org.key().secret());
      for (int i = 0; i < 3; i++) {
        a.executions()
            .create(
                p,
                io.modelroute.execution.CreateExecution.of(
                    "test-text", io.modelroute.Json.readObject("{\"prompt\":\"hi " + i + "\"}")),
                null,
                null);
      }
      // two executions leased to node-b (one of them expired: not counted), one to nobody
      a.database()
          .jdbi()
          .useHandle(
              h -> {
                List<String> ids =
                    h.createQuery("SELECT id FROM executions ORDER BY id")
                        .mapTo(String.class)
                        .list();
                h.createUpdate(
                        "UPDATE executions SET claimed_by = 'node-b', lease_until = :until WHERE id IN (<ids>)")
                    .bind("until", clock.instant().plusSeconds(30))
                    .bindList("ids", ids.subList(0, 2))
                    .execute();
                h.createUpdate(
                        "UPDATE executions SET claimed_by = 'node-b', lease_until = :until WHERE id = :id")
                    .bind("until", clock.instant().minusSeconds(1))
                    .bind("id", ids.get(2))
                    .execute();
              });

      List<Node> nodes = a.cluster().nodes();
      assertThat(nodes).extracting(Node::nodeId).containsExactly("node-a", "node-b");
      assertThat(nodes)
          .allSatisfy(
              n -> {
                assertThat(n.state()).isEqualTo(Node.State.LIVE);
                assertThat(n.workerThreads()).as("no workers started").isZero();
                assertThat(n.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(n.lastHeartbeat()).isEqualTo(clock.instant());
              });
      assertThat(nodes.get(0).leasedExecutions()).isZero();
      assertThat(nodes.get(1).leasedExecutions()).isEqualTo(2);
      assertThat(a.cluster().liveNodes()).as("counted at node-a's registration").isEqualTo(1);
      a.cluster().heartbeat();
      assertThat(a.cluster().liveNodes()).isEqualTo(2);

      clock.advance(Cluster.STALE_AFTER.plusSeconds(1));
      a.cluster().heartbeat(); // node-b stays silent
      assertThat(a.cluster().nodes())
          .extracting(Node::state)
          .containsExactly(Node.State.LIVE, Node.State.STALE);
      assertThat(a.cluster().liveNodes()).isEqualTo(1);

      b.cluster().heartbeat();
      a.cluster().heartbeat();
      assertThat(a.cluster().liveNodes()).isEqualTo(2);
      b.close();
      List<Node> after = a.cluster().nodes();
      assertThat(after.get(1).state()).isEqualTo(Node.State.STOPPED);
      assertThat(after.get(1).stoppedAt()).isEqualTo(clock.instant());
    }
  }

  @Test
  void aNodeRestartedUnderItsIdIsRunningAgainAndGetsBackThePermitsItsLastRunLeft()
      throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    SettableClock clock = SettableClock.atNow();
    try (ModelRoute first = node(url, "node-a", clock, false)) {
      first.cluster().register();
      assertThat(first.cluster().permits().tryAcquire("upstream", 1, "exe_1")).isZero();
      // dies: no close, no release
      try (ModelRoute again = node(url, "node-a", clock, false)) {
        again.cluster().register();
        assertThat(again.cluster().permitsHeld("upstream")).isZero();
        assertThat(again.cluster().nodes())
            .singleElement()
            .satisfies(n -> assertThat(n.state()).isEqualTo(Node.State.LIVE));
      }
    }
  }

  @Test
  void twoNodesStartingTogetherOnAnEmptyPostgresqlBothMigrateAndJoin() throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL); // empty: not migrated yet
    CyclicBarrier together = new CyclicBarrier(2);
    List<CompletableFuture<ModelRoute>> starting =
        List.of("node-a", "node-b").stream()
            .map(
                name ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            together.await();
                            return node(url, name, Clock.systemUTC(), true);
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                        }))
            .toList();
    ModelRoute a = starting.get(0).get();
    try (a;
        ModelRoute b = starting.get(1).get()) {
      assertThat(a.isReady()).isTrue();
      assertThat(a.cluster().nodes()).extracting(Node::workerThreads).containsExactly(4, 4);
      assertThat(b.isReady()).isTrue();
      assertThat(a.cluster().nodes())
          .extracting(Node::nodeId, Node::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("node-a", Node.State.LIVE),
              org.assertj.core.groups.Tuple.tuple("node-b", Node.State.LIVE));
      int migrations =
          a.database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success")
                          .mapTo(Integer.class)
                          .one());
      assertThat(migrations)
          .as("every migration applied once")
          .isEqualTo(
              b.database()
                  .jdbi()
                  .withHandle(
                      h ->
                          h.createQuery("SELECT COUNT(DISTINCT version) FROM flyway_schema_history")
                              .mapTo(Integer.class)
                              .one()));
    }
  }

  @Test
  void onH2AndTheEmbeddedDatabaseLimitsStayNodeLocalAndCostNoStatement() throws Exception {
    try (TestEngine t = TestEngine.start(Dialect.H2)) {
      assertThat(t.modelRoute.cluster().isShared()).isFalse();
      assertThat(t.modelRoute.cluster().permits()).isSameAs(ProviderPermits.NONE);
    }
    try (TestEngine t = TestEngine.start(Dialect.POSTGRESQL)) {
      assertThat(t.modelRoute.cluster().isShared())
          .as("PostgreSQL by URL: other nodes may share it")
          .isTrue();
    }
  }
}
