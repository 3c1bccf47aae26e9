package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.FakeProvider;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.provider.Provider;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10: a slow, hung or failing provider cannot hold the other providers' work, or our own
 * database fail it.
 */
class FaultIsolationTest {
  static Path catalog() {
    try {
      return Path.of(FaultIsolationTest.class.getResource("/isolation-catalog.yaml").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestEngine engine(
      Dialect dialect, Map<String, ProviderLimits> limits, Provider... providers) {
    return TestEngine.start(
        dialect,
        b -> b.catalogFile(catalog()).providers(List.of(providers)).providerLimits(limits));
  }

  static CreateExecution of(String model) {
    return CreateExecution.of(model, Json.readObject("{\"prompt\":\"x\"}"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aHungProviderWithSixteenStuckCallsLeavesOtherProvidersExecutionsCompletingPromptly(
      Dialect dialect) throws Exception {
    HangingProvider hang = new HangingProvider();
    try (TestEngine t = engine(dialect, Map.of(), hang)) {
      Principal p = t.organization("5.00");
      for (int i = 0; i < 16; i++) {
        t.modelRoute.executions().create(p, of("hang-only"), null, null);
      }
      int share =
          DispatcherSettings.defaultCallsPerProvider(8); // the test engine has 8 worker slots
      t.modelRoute.dispatcher().start();
      assertThat(hang.started.tryAcquire(share, 10, TimeUnit.SECONDS)).isTrue();

      String other = t.modelRoute.executions().create(p, of("demo-text"), null, null).executionId();
      Execution done =
          t.modelRoute
              .watch()
              .terminal(p.orgId(), other, Duration.ofSeconds(10))
              .get(10, TimeUnit.SECONDS);
      assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(done.latencyMs()).isLessThan(1000);
      assertThat(hang.maxRunning.get()).isEqualTo(share).isLessThan(8);
      assertThat(t.modelRoute.dispatcher().callsRunning("hang")).isEqualTo(share);
      hang.release();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void cancellingAnExecutionAbortsItsCallInFlight(Dialect dialect) throws Exception {
    HangingProvider hang = new HangingProvider();
    try (TestEngine t = engine(dialect, Map.of(), hang)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, of("hang-only"), null, null).executionId();
      t.modelRoute.dispatcher().start();
      assertThat(hang.started.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

      assertThat(t.modelRoute.executions().cancel(p.orgId(), id).status())
          .isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(hang.interrupted.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
      assertThat(t.modelRoute.dispatcher().callsRunning("hang")).isZero();
      assertThat(t.modelRoute.dispatcher().inFlight("hang")).isZero();
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
      hang.release();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aHungRouteTimesOutAndFailsOverBeforeTheExecutionExpires(Dialect dialect) {
    HangingProvider hang = new HangingProvider();
    try (TestEngine t = engine(dialect, Map.of(), hang)) {
      hang.clock = t.clock;
      hang.elapsed = Duration.ofMillis(700); // time passes while it hangs
      Principal p = t.organization("1.00");
      String id =
          t.modelRoute.executions().create(p, of("hang-then-demo"), null, null).executionId();
      Instant created = t.clock.instant();
      t.modelRoute
          .dispatcher()
          .runOnce(created); // timeout_s 3: the hung attempt gets 1 s, then fails over
      t.modelRoute
          .dispatcher()
          .runOnce(t.clock.instant()); // the failover is due at once: the demo runs

      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.completedAt()).isBefore(e.expiresAt());
      var trail =
          t.modelRoute
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      new io.modelroute.execution.JdbiExecutionStore(
                              t.modelRoute.database().dialect())
                          .attempts(h, id));
      assertThat(trail.get(0))
          .containsEntry("provider", "hang")
          .containsEntry("error_code", "GENERATION_TIMEOUT");
      assertThat(trail.get(0).get("error_message").toString()).doesNotContain("hang");
      // the attempt ended when its timeout struck, not when it was claimed
      assertThat((Instant) trail.get(0).get("ended_at")).isAfterOrEqualTo(created.plusMillis(700));
      assertThat(trail.get(1))
          .containsEntry("provider", "demo")
          .containsEntry("outcome", "COMPLETED");
      assertThat(hang.interrupted.availablePermits()).isEqualTo(1);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
      hang.release();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void nothingIsSentToAProviderAfterTheExecutionExpired(Dialect dialect) {
    FakeProvider a = new FakeProvider("fake-a").failing(ErrorCode.SERVICE_UNAVAILABLE, 1);
    FakeProvider b = new FakeProvider("fake-b");
    try (TestEngine t = engine(dialect, Map.of(), a, b)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, of("two-fakes"), null, null).executionId();
      var ex = t.modelRoute.executions().get(p.orgId(), id);
      // the round claims with a time before expires_at, but the clock has passed it when the call
      // would go out
      t.clock.set(ex.expiresAt().plusSeconds(1));
      t.modelRoute.dispatcher().runOnce(ex.expiresAt().minusSeconds(1));
      assertThat(a.starts.get() + b.starts.get()).isZero();
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.EXPIRED);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void whenEveryRouteIsOpenTheExecutionFailsWithItsLastErrorInsteadOfExpiring(Dialect dialect) {
    FakeProvider a = new FakeProvider("fake-a").failing(ErrorCode.SERVICE_UNAVAILABLE, 5);
    FakeProvider b = new FakeProvider("fake-b").failing(ErrorCode.MODEL_OVERLOADED, 5);
    var limits =
        Map.of(
            "fake-a",
            new ProviderLimits(1, Duration.ofSeconds(60), 10),
            "fake-b",
            new ProviderLimits(1, Duration.ofSeconds(60), 10));
    try (TestEngine t = engine(dialect, limits, a, b)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, of("two-fakes"), null, null).executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(e.error().code()).isEqualTo(ErrorCode.MODEL_OVERLOADED);
      assertThat(e.error().retryable()).isTrue();
      assertThat(a.starts.get()).isEqualTo(1);
      assertThat(b.starts.get()).isEqualTo(1);

      // a new execution while both circuits are open fails at once with the same honesty
      String next = t.modelRoute.executions().create(p, of("two-fakes"), null, null).executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      Execution f = t.modelRoute.executions().get(p.orgId(), next);
      assertThat(f.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(f.error().retryable()).isTrue();
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void ourOwnDatabaseFailingLeavesTheExecutionToItsLeaseInsteadOfFailingIt(Dialect dialect) {
    try (TestEngine t = engine(dialect, Map.of())) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, of("demo-image"), null, null).executionId();
      var jdbi = t.modelRoute.database().jdbi();
      // storing the result's file record fails as if the database went away between claim and
      // settlement
      jdbi.useHandle(h -> h.execute("ALTER TABLE files RENAME TO files_away"));
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      jdbi.useHandle(h -> h.execute("ALTER TABLE files_away RENAME TO files"));
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.PROCESSING);
      assertThat(e.error()).isNull();

      t.clock.advance(Duration.ofSeconds(61)); // the lease runs out; the work resumes
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      assertThat(t.modelRoute.executions().get(p.orgId(), id).status())
          .isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }
}
