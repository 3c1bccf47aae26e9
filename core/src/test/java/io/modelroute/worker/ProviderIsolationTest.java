package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.EventType;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionListener;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProviderIsolationTest {
  static CreateExecution create(String model) {
    return CreateExecution.of(model, Json.readObject("{\"prompt\":\"a red fox\"}"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOverloadedDemoModelDoesNotStallTheOtherDemoModels(Dialect dialect) {
    try (TestEngine t = TestEngine.withDefaultCatalog(dialect)) {
      Principal p = t.organization("5.00");
      var ex = t.modelRoute.executions();
      var d = t.modelRoute.dispatcher();
      ex.create(p, create("demo-overloaded"), null, null);
      ex.create(p, create("demo-overloaded"), null, null);
      for (int i = 0; i < 4; i++) { // tries after 0 s, 1 s and 2 s of backoff
        d.runOnce(t.clock.instant());
        t.clock.advance(Duration.ofSeconds(2));
      }
      assertThat(d.circuitState("demo", "demo-overloaded")).isEqualTo("OPEN");

      String other = ex.create(p, create("flux-schnell"), null, null).executionId();
      d.runOnce(t.clock.instant());
      t.clock.advance(Duration.ofMillis(600)); // its demo latency is 500 ms
      d.runOnce(t.clock.instant());

      assertThat(ex.get(p.orgId(), other).status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(d.circuitState("demo", "demo-image")).isEqualTo("CLOSED");
      assertThat(d.circuitState("demo")).isEqualTo("HALF_OPEN"); // some models open, others not
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aProviderWhoseCallsHangHoldsAtMostItsBulkheadAndOthersStillComplete(Dialect dialect)
      throws Exception {
    HangingProvider hang = new HangingProvider("fake-a");
    // 8 workers (TestEngine) → 6 calls per provider; test-failover's fallback fake-b is not
    // configured.
    try (TestEngine t = TestEngine.start(dialect, hang)) {
      Principal p = t.organization("5.00");
      var ex = t.modelRoute.executions();
      CountDownLatch otherDone = new CountDownLatch(1);
      List<String> stuck = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        stuck.add(ex.create(p, RoutingTest.failover(), null, null).executionId());
      }
      t.modelRoute.dispatcher().start();
      try {
        while (hang.running.get() < 6) {
          Thread.onSpinWait(); // the loop hands the hanging calls to workers
        }
        ex.addListener(
            new ExecutionListener() {
              @Override
              public void changed(Execution e, EventType type) {
                if (e.model().equals("test-text") && type == EventType.COMPLETED) {
                  otherDone.countDown();
                }
              }
            });
        ex.create(p, create("test-text"), null, null);
        t.modelRoute.dispatcher().wake();
        assertThat(otherDone.await(20, TimeUnit.SECONDS))
            .as("a demo execution completes while the hanging provider holds its bulkhead")
            .isTrue();
        assertThat(hang.maxRunning.get()).isEqualTo(6);
        assertThat(t.modelRoute.dispatcher().inFlight("fake-a")).isEqualTo(6);
      } finally {
        hang.release();
      }
    }
  }

  /** Answers its first call with a 429 asking to wait 2 s, then completes. */
  static final class ThrottlingProvider implements Provider {
    final AtomicInteger starts = new AtomicInteger();

    @Override
    public String name() {
      return "fake-a";
    }

    @Override
    public ProviderOutcome start(ProviderRequest request) {
      if (starts.incrementAndGet() == 1) {
        throw new io.modelroute.provider.ProviderException(
                io.modelroute.ErrorCode.RATE_LIMITED, "Rate limit reached")
            .withRetryAfter(java.util.Optional.of(Duration.ofSeconds(2)));
      }
      return ProviderOutcome.Completed.text("ok", io.modelroute.catalog.Usage.tokens(1, 1));
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
  void aRetryAfterOfTwoSecondsIsHonouredOverTheOneSecondBackoff(Dialect dialect) {
    ThrottlingProvider throttling = new ThrottlingProvider();
    try (TestEngine t = TestEngine.start(dialect, throttling)) {
      Principal p = t.organization("1.00");
      var d = t.modelRoute.dispatcher();
      String id =
          t.modelRoute.executions().create(p, RoutingTest.failover(), null, null).executionId();
      d.runOnce(t.clock.instant());
      assertThat(throttling.starts.get()).isEqualTo(1);

      t.clock.advance(Duration.ofMillis(1200)); // past the 1 s backoff, before Retry-After
      d.runOnce(t.clock.instant());
      assertThat(throttling.starts.get()).isEqualTo(1);

      t.clock.advance(Duration.ofMillis(800));
      d.runOnce(t.clock.instant());
      assertThat(throttling.starts.get()).isEqualTo(2);
      assertThat(t.modelRoute.executions().get(p.orgId(), id).status())
          .isEqualTo(ExecutionStatus.COMPLETED);
    }
  }
}
