package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.Money;
import io.modelroute.SettableClock;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.ExecutionQuery;
import io.modelroute.execution.ExecutionStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md: two nodes on one PostgreSQL share the work; every execution runs exactly
 * once.
 */
class TwoNodesTest {
  ModelRoute node(String url, String name, SettableClock clock) throws Exception {
    return ModelRoute.start(
        TestEngine.clusterNode(url, name, 4)
            .catalogFile(TestEngine.testCatalog())
            .clock(clock)
            .startWorkers(false)
            .build());
  }

  @Test
  void twoNodesClaimDisjointWorkAndEveryExecutionRunsOnce() throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    SettableClock clock = SettableClock.atNow();
    try (ModelRoute a = node(url, "node-a", clock);
        ModelRoute b = node(url, "node-b", clock)) {
      var created = a.organizations().create("shared", Money.parse("10.00"));
      Principal p = a.apiKeys().authenticate(created.key().secret());
      for (int i = 0; i < 60; i++) {
        (i % 2 == 0 ? a : b)
            .executions()
            .create(
                p,
                CreateExecution.of("test-text", Json.readObject("{\"prompt\":\"node " + i + "\"}")),
                null,
                null);
      }
      var query = new ExecutionQuery(null, null, null, null, Map.of(), 100, null);
      int totalA = 0;
      int totalB = 0;
      // Each node's demo bulkhead (3 of 4 workers) defers part of a burst by a poll interval.
      for (int round = 0;
          round < 40
              && !a.executions().list(p.orgId(), query).data().stream()
                  .allMatch(e -> e.status().isTerminal());
          round++) {
        CompletableFuture<Integer> ranA =
            CompletableFuture.supplyAsync(() -> a.dispatcher().runOnce(clock.instant()));
        CompletableFuture<Integer> ranB =
            CompletableFuture.supplyAsync(() -> b.dispatcher().runOnce(clock.instant()));
        CompletableFuture.allOf(ranA, ranB).get();
        totalA += ranA.get();
        totalB += ranB.get();
        clock.advance(Duration.ofMillis(50));
      }
      var all = a.executions().list(p.orgId(), query).data();
      assertThat(all)
          .hasSize(60)
          .allSatisfy(
              e -> {
                assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
                assertThat(e.attempts()).isEqualTo(1);
              });
      assertThat(totalA).as("node-a ran work").isPositive();
      assertThat(totalB).as("node-b ran work").isPositive();
      assertThat(totalA + totalB).as("every execution ran on exactly one node, once").isEqualTo(60);
      assertThat(a.billing().invariantViolations()).isEmpty();
      assertThat(a.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
    }
  }
}
