package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.FakeProvider;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.execution.QueueDepth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the operator's provider and queue views read: {@link Dispatcher#providerHealth()} and the
 * queue depth.
 */
class ProviderHealthTest {
  static CreateExecution of(String model) {
    return CreateExecution.of(model, Json.readObject("{\"prompt\":\"x\"}"));
  }

  @Test
  void aProviderWhoseModelFailedPastTheThresholdShowsItsOpenCircuitAndItsRecentFailures() {
    FakeProvider a =
        new FakeProvider("fake-a")
            .failing(ErrorCode.SERVICE_UNAVAILABLE, 1)
            .failing(ErrorCode.MODEL_OVERLOADED, 1);
    FakeProvider b = new FakeProvider("fake-b");
    var limits = Map.of("fake-a", new ProviderLimits(2, Duration.ofSeconds(30), 10));
    try (TestEngine t = TestEngine.start(Dialect.H2, limits, a, b)) {
      Principal p = t.organization("1.00");
      var d = t.modelRoute.dispatcher();
      t.modelRoute.executions().create(p, of("test-failover"), null, null);
      d.runOnce(t.clock.instant());
      t.clock.advance(Duration.ofSeconds(1));
      var latestFailure = t.clock.instant();
      d.runOnce(t.clock.instant());

      Map<String, ProviderHealth> health = byName(d.providerHealth());
      assertThat(health.keySet()).containsExactly("demo", "fake-a", "fake-b");
      ProviderHealth fakeA = health.get("fake-a");
      assertThat(fakeA.circuitState()).isEqualTo("OPEN");
      assertThat(fakeA.circuits()).hasSize(1).containsValue("OPEN");
      assertThat(fakeA.maxConcurrent()).isEqualTo(10);
      assertThat(fakeA.sharedLimit()).as("one node on H2 shares nothing").isZero();
      assertThat(fakeA.recentFailures())
          .extracting(ProviderHealth.Failure::code)
          .containsExactly(ErrorCode.MODEL_OVERLOADED, ErrorCode.SERVICE_UNAVAILABLE);
      assertThat(fakeA.recentFailures().get(0).at()).isEqualTo(latestFailure);
      assertThat(fakeA.failureCounts())
          .containsOnly(
              Map.entry(ErrorCode.MODEL_OVERLOADED, 1),
              Map.entry(ErrorCode.SERVICE_UNAVAILABLE, 1));
      assertThat(health.get("fake-b").circuitState()).isEqualTo("CLOSED");
      assertThat(health.get("fake-b").recentFailures()).isEmpty();
    }
  }

  @Test
  void recentFailuresKeepOnlyTheNewestPerProvider() {
    RecentFailures recent = new RecentFailures(3);
    var at = java.time.Instant.parse("2026-12-01T12:00:00Z");
    for (int i = 0; i < 5; i++) {
      recent.add(
          "p",
          new ProviderHealth.Failure("m" + i, ErrorCode.MODEL_OVERLOADED, true, at.plusSeconds(i)));
    }
    assertThat(recent.of("p"))
        .extracting(ProviderHealth.Failure::providerModel)
        .containsExactly("m4", "m3", "m2");
    assertThat(recent.of("other")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theQueueCountsUnfinishedExecutionsByModelAndStatusAndTheAttemptsInFlight(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("5.00");
      var ex = t.modelRoute.executions();
      var d = t.modelRoute.dispatcher();
      String slow = ex.create(p, of("test-slow"), null, null).executionId();
      d.runOnce(t.clock.instant()); // the demo provider started its job: PROCESSING, awaited
      ex.create(p, of("test-image"), null, null);
      ex.create(p, of("test-image"), null, null);
      String done = ex.create(p, of("test-text"), null, null).executionId();
      ex.cancel(p.orgId(), done);

      QueueDepth q = ex.queueDepth();
      assertThat(ex.get(p.orgId(), slow).status()).isEqualTo(ExecutionStatus.PROCESSING);
      assertThat(q.counts())
          .containsExactly(
              new QueueDepth.Count("test-image", ExecutionStatus.PENDING, 2),
              new QueueDepth.Count("test-slow", ExecutionStatus.PROCESSING, 1));
      assertThat(q.total()).isEqualTo(3);
      assertThat(q.count(ExecutionStatus.PENDING)).isEqualTo(2);
      assertThat(q.dueNow()).as("the two new ones; the slow one is polled later").isEqualTo(2);
      assertThat(q.byModel().get("test-slow"))
          .containsEntry(ExecutionStatus.PROCESSING, 1L)
          .containsEntry(ExecutionStatus.PENDING, 0L)
          .containsEntry(ExecutionStatus.AWAITING_WEBHOOK, 0L);
      assertThat(byName(d.providerHealth()).get("demo").inFlight())
          .as("the started job holds its permit")
          .isEqualTo(1);
      assertThat(byName(d.providerHealth()).get("demo").maxConcurrent())
          .isEqualTo(Integer.MAX_VALUE);
    }
  }

  private static Map<String, ProviderHealth> byName(List<ProviderHealth> all) {
    Map<String, ProviderHealth> out = new java.util.LinkedHashMap<>();
    all.forEach(h -> out.put(h.provider(), h));
    return out;
  }
}
