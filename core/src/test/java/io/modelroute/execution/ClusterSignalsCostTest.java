package io.modelroute.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.StatementCounter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the cluster signals cost the engine's hot paths: nothing on one node, at most one statement
 * per transaction on several (an image model: no text deltas, whose sends are counted apart).
 */
class ClusterSignalsCostTest {
  @Test
  void h2IsOneNodeAndHasNoClusterSignals() {
    try (TestEngine t = TestEngine.start(Dialect.H2)) {
      assertThat(t.modelRoute.clusterSignals()).isEmpty();
    }
  }

  @Test
  void
      aSingleNodeSendsNothingAndWithAPeerEachClaimOrSettlementTransactionSendsAtMostOneNotification() {
    try (TestEngine t = TestEngine.start(Dialect.POSTGRESQL)) {
      Principal p = t.organization("10.00");
      ClusterSignals signals = t.modelRoute.clusterSignals().orElseThrow();
      assertThat(signals.isListening()).isTrue();
      assertThat(signals.hasPeers()).isFalse();
      StatementCounter counter = StatementCounter.on(t.modelRoute.database().jdbi());
      int alone = run(t, p, 10);
      assertThat(counter.statements())
          .as("one node: no notification")
          .noneMatch(s -> s.contains("pg_notify"));
      int aloneStatements = counter.count();
      java.util.Map<String, Long> aloneByKind = byKind(counter.statements());

      ExecutionWatch watch =
          new ExecutionWatch(
              t.modelRoute.database().jdbi(),
              new JdbiExecutionStore(Dialect.POSTGRESQL),
              Duration.ofHours(1));
      try (ClusterSignals peer =
          ClusterSignals.start(t.modelRoute.database(), "peer", watch, new SimpleMeterRegistry())) {
        assertThat(signals.awaitPeers(Duration.ofSeconds(10))).isTrue();
        counter.reset();
        int withPeer = run(t, p, 10);
        List<String> statements = counter.statements();
        System.out.println("alone " + aloneByKind + "\nwith a peer " + byKind(statements));
        long notifies = statements.stream().filter(q -> q.contains("pg_notify")).count();
        long claims =
            statements.stream()
                .filter(q -> q.strip().startsWith("UPDATE executions SET claimed_by"))
                .count();
        long settlements =
            statements.stream().filter(q -> q.strip().startsWith("UPDATE balances")).count();
        System.out.println(
            "statements for 10 executions: alone "
                + aloneStatements
                + " ("
                + alone
                + " run), with a peer "
                + counter.count()
                + " ("
                + withPeer
                + " run): "
                + notifies
                + " pg_notify for "
                + claims
                + " claim and "
                + settlements
                + " settlement transactions");
        assertThat(notifies).as("claims and settlements announce themselves").isPositive();
        assertThat(notifies)
            .as("at most one notification per transaction that wrote events")
            .isLessThanOrEqualTo(claims + settlements);
      } finally {
        watch.close();
      }
    }
  }

  private static java.util.Map<String, Long> byKind(List<String> statements) {
    return statements.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                s ->
                    s.strip()
                        .replaceAll("\\s+", " ")
                        .substring(0, Math.min(40, s.strip().replaceAll("\\s+", " ").length())),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
  }

  private static int run(TestEngine t, Principal p, int n) {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(
          t.modelRoute
              .executions()
              .create(
                  p,
                  CreateExecution.of(
                      "test-image", Json.readObject("{\"prompt\":\"cost " + i + "\"}")),
                  null,
                  null)
              .executionId());
    }
    int ran = 0;
    for (int round = 0; round < 20 && ran < n; round++) {
      ran += t.modelRoute.dispatcher().runOnce(t.clock.instant());
      t.clock.advance(Duration.ofMillis(50));
    }
    for (String id : ids) {
      assertThat(t.modelRoute.executions().get(p.orgId(), id).status())
          .isEqualTo(ExecutionStatus.COMPLETED);
    }
    return n;
  }
}
