package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.Dialect;
import io.modelroute.db.StatementCounter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the cluster signals cost the engine's hot paths: nothing on one node, one statement per transaction on several. */
class ClusterSignalsCostTest {
  @Test
  void h2IsOneNodeAndHasNoClusterSignals() {
    try (TestEngine t = TestEngine.start(Dialect.H2)) {
      assertThat(t.modelRoute.clusterSignals()).isEmpty();
    }
  }

  @Test
  void aSingleNodeSendsNothingAndWithAPeerEachClaimOrSettlementTransactionSendsAtMostOneNotification() {
    try (TestEngine t = TestEngine.start(Dialect.POSTGRESQL)) {
      Principal p = t.organization("10.00");
      ClusterSignals signals = t.modelRoute.clusterSignals().orElseThrow();
      assertThat(signals.isListening()).isTrue();
      assertThat(signals.hasPeers()).isFalse();
      StatementCounter counter = StatementCounter.on(t.modelRoute.database().jdbi());
      int alone = run(t, p, 10);
      assertThat(counter.statements()).as("one node: no notification").noneMatch(s -> s.contains("pg_notify"));
      int aloneStatements = counter.count();

      ExecutionWatch watch = new ExecutionWatch(t.modelRoute.database().jdbi(),
          new JdbiExecutionStore(Dialect.POSTGRESQL), Duration.ofHours(1));
      try (ClusterSignals peer = ClusterSignals.start(t.modelRoute.database(), "peer", watch, new SimpleMeterRegistry())) {
        assertThat(signals.awaitPeers(Duration.ofSeconds(10))).isTrue();
        counter.reset();
        int withPeer = run(t, p, 10);
        List<String> notifies = counter.statements().stream().filter(s -> s.contains("pg_notify")).toList();
        System.out.println("statements for 10 executions: alone " + aloneStatements + " (" + alone
            + " run), with a peer " + counter.count() + " (" + withPeer + " run), of which pg_notify " + notifies.size());
        assertThat(notifies).as("claims and settlements announce themselves").isNotEmpty();
        // each execution is claimed in one transaction and settled in another: at most two notifications
        assertThat(notifies.size()).isLessThanOrEqualTo(2 * withPeer);
        assertThat(counter.count() - aloneStatements).isLessThanOrEqualTo(2 * withPeer);
      } finally {
        watch.close();
      }
    }
  }

  private static int run(TestEngine t, Principal p, int n) {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(t.modelRoute.executions().create(p,
          CreateExecution.of("test-text", Json.readObject("{\"prompt\":\"cost " + i + "\"}")), null, null).executionId());
    }
    int ran = 0;
    for (int round = 0; round < 20 && ran < n; round++) {
      ran += t.modelRoute.dispatcher().runOnce(t.clock.instant());
      t.clock.advance(Duration.ofMillis(50));
    }
    for (String id : ids) {
      assertThat(t.modelRoute.executions().get(p.orgId(), id).status()).isEqualTo(ExecutionStatus.COMPLETED);
    }
    return n;
  }
}
