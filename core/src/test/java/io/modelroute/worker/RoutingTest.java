package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.FakeProvider;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.catalog.Usage;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoutingTest {
  static CreateExecution failover() {
    return CreateExecution.of("test-failover", Json.readObject("{\"prompt\":\"x\"}"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOpenCircuitSkipsItsProviderUntilAHalfOpenProbeSucceeds(Dialect dialect) {
    FakeProvider a = new FakeProvider("fake-a").failing(ErrorCode.SERVICE_UNAVAILABLE, 2);
    FakeProvider b = new FakeProvider("fake-b");
    var limits = Map.of("fake-a", new ProviderLimits(2, Duration.ofSeconds(30), 10));
    try (TestEngine t = TestEngine.start(dialect, limits, a, b)) {
      Principal p = t.organization("1.00");
      var ex = t.modelRoute.executions();
      var d = t.modelRoute.dispatcher();
      String first = ex.create(p, failover(), null, null).executionId();
      d.runOnce(t.clock.instant()); // fake-a fails once
      t.clock.advance(Duration.ofSeconds(1));
      d.runOnce(t.clock.instant()); // fails again: the circuit opens
      assertThat(d.circuitState("fake-a")).isEqualTo("OPEN");
      t.clock.advance(Duration.ofSeconds(2));
      d.runOnce(t.clock.instant()); // the retry skips fake-a and completes on fake-b
      assertThat(ex.get(p.orgId(), first).status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(a.starts.get()).isEqualTo(2);

      String second = ex.create(p, failover(), null, null).executionId();
      d.runOnce(t.clock.instant());
      assertThat(ex.get(p.orgId(), second).output().get("text").asText()).isEqualTo("from fake-b");
      assertThat(a.starts.get()).isEqualTo(2);

      t.clock.advance(Duration.ofSeconds(31));
      String third = ex.create(p, failover(), null, null).executionId();
      d.runOnce(t.clock.instant()); // the half-open probe goes to fake-a and succeeds
      assertThat(ex.get(p.orgId(), third).output().get("text").asText()).isEqualTo("from fake-a");
      assertThat(d.circuitState("fake-a")).isEqualTo("CLOSED");
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  /**
   * A provider whose first calls wait until five are in flight at once (then linger 100 ms so that
   * any call a broken bulkhead let through is seen overlapping), recording the most that ever
   * overlap. Later calls go straight through.
   */
  static final class ConcurrencyProbe implements Provider {
    final Object lock = new Object();
    int now;
    long fiveReachedAt;
    final AtomicInteger max = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() {
      return "fake-a";
    }

    @Override
    public ProviderOutcome start(ProviderRequest request) {
      calls.incrementAndGet();
      synchronized (lock) {
        now++;
        max.accumulateAndGet(now, Math::max);
        if (now >= 5 && fiveReachedAt == 0) {
          fiveReachedAt = System.nanoTime();
        }
        lock.notifyAll();
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
          while ((fiveReachedAt == 0 || System.nanoTime() - fiveReachedAt < 100_000_000L)
              && System.nanoTime() < deadline) {
            lock.wait(10);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          now--;
        }
      }
      return ProviderOutcome.Completed.text("ok", Usage.tokens(1, 1));
    }

    @Override
    public ProviderOutcome poll(ProviderRequest request, String jobId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancel(ProviderRequest request, String jobId) {}
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aBulkheadOfFiveNeverHasMoreThanFiveInFlight(Dialect dialect) {
    ConcurrencyProbe probe = new ConcurrencyProbe();
    var limits = Map.of("fake-a", new ProviderLimits(5, Duration.ofSeconds(30), 5));
    try (TestEngine t = TestEngine.start(dialect, limits, probe)) {
      Principal p = t.organization("5.00");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ids.add(t.modelRoute.executions().create(p, failover(), null, null).executionId());
      }
      for (int round = 0; round < 40 && probe.calls.get() < 50; round++) {
        t.modelRoute.dispatcher().runOnce(t.clock.instant());
        t.clock.advance(Duration.ofSeconds(1));
      }
      assertThat(probe.calls.get()).isEqualTo(50);
      assertThat(probe.max.get()).isEqualTo(5);
      assertThat(ids)
          .allSatisfy(
              id ->
                  assertThat(t.modelRoute.executions().get(p.orgId(), id).status())
                      .isEqualTo(ExecutionStatus.COMPLETED));
      assertThat(t.modelRoute.dispatcher().inFlight("fake-a")).isZero();
    }
  }
}
