package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.SettableClock;
import io.modelroute.worker.internal.ProviderPermits;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderGuardsTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant FAR = T0.plus(Duration.ofDays(1));
  final SettableClock clock = new SettableClock(T0);
  final ProviderGuards guards =
      new ProviderGuards(Map.of("p", new ProviderLimits(3, Duration.ofSeconds(30), 10)), 16, clock);

  private boolean admit(String execution, String model) {
    return guards.tryAdmit(execution, "p", model, FAR);
  }

  private void failOnce(String execution, String model) {
    assertThat(admit(execution, model)).isTrue();
    guards.failure(execution, "p", model);
    guards.release(execution);
  }

  private void open(String model) {
    for (int i = 0; i < 3; i++) {
      failOnce("e-open-" + i, model);
    }
    assertThat(guards.circuitState("p", model)).isEqualTo("OPEN");
  }

  @Test
  void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesWhileOpen() {
    failOnce("e1", "m");
    failOnce("e2", "m");
    assertThat(admit("e3", "m")).isTrue();
    guards.success("e3", "p", "m"); // resets the count
    guards.release("e3");
    failOnce("e4", "m");
    failOnce("e5", "m");
    assertThat(guards.circuitState("p", "m")).isEqualTo("CLOSED");
    failOnce("e6", "m");
    assertThat(guards.circuitState("p", "m")).isEqualTo("OPEN");
    clock.advance(Duration.ofSeconds(29));
    assertThat(admit("e7", "m")).isFalse();
  }

  @Test
  void anOpenCircuitOfOneProviderModelLeavesTheProvidersOtherModelsAdmitted() {
    open("overloaded");
    assertThat(admit("e1", "overloaded")).isFalse();
    assertThat(admit("e2", "image")).isTrue();
    assertThat(guards.circuitState("p", "image")).isEqualTo("CLOSED");
  }

  @Test
  void aProviderIsOpenAsAWholeOnlyWhenAllItsModelsAreOpen() {
    assertThat(guards.circuitState("p")).isEqualTo("CLOSED");
    open("a");
    assertThat(guards.circuitState("p")).isEqualTo("OPEN");
    assertThat(admit("e1", "b")).isTrue();
    guards.success("e1", "p", "b");
    guards.release("e1");
    assertThat(guards.circuitState("p")).isEqualTo("HALF_OPEN");
    assertThat(guards.circuitStates("p"))
        .containsExactly(Map.entry("a", "OPEN"), Map.entry("b", "CLOSED"));
    open("b");
    assertThat(guards.circuitState("p")).isEqualTo("OPEN");
  }

  @Test
  void letsExactlyOneProbeThroughWhenHalfOpenAndClosesOnItsSuccess() {
    open("m");
    clock.advance(Duration.ofSeconds(31));
    assertThat(admit("probe", "m")).isTrue();
    assertThat(guards.circuitState("p", "m")).isEqualTo("HALF_OPEN");
    assertThat(admit("other", "m")).isFalse();
    guards.success("probe", "p", "m");
    guards.release("probe");
    assertThat(guards.circuitState("p", "m")).isEqualTo("CLOSED");
    assertThat(admit("next", "m")).isTrue();
  }

  @Test
  void aFailedProbeOpensTheCircuitAgainForAnotherFullPeriod() {
    open("m");
    clock.advance(Duration.ofSeconds(40));
    failOnce("probe", "m");
    assertThat(guards.circuitState("p", "m")).isEqualTo("OPEN");
    clock.advance(Duration.ofSeconds(29));
    assertThat(admit("early", "m")).isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(admit("later", "m")).isTrue();
  }

  @Test
  void aHalfOpenProbeWhoseAttemptNeverStartedIsGivenBackOnRelease() {
    open("m");
    clock.advance(Duration.ofSeconds(31));
    assertThat(admit("cancelled-before-start", "m")).isTrue();
    assertThat(admit("waiting", "m")).isFalse();
    guards.release("cancelled-before-start"); // no success or failure was ever reported
    assertThat(guards.circuitState("p", "m")).isEqualTo("HALF_OPEN");
    assertThat(admit("waiting", "m")).isTrue();
    guards.success("waiting", "p", "m");
    assertThat(guards.circuitState("p", "m")).isEqualTo("CLOSED");
  }

  @Test
  void aProbeRefusedByAFullBulkheadIsGivenBackAtOnce() {
    ProviderGuards small =
        new ProviderGuards(
            Map.of("p", new ProviderLimits(1, Duration.ofSeconds(30), 1)), 16, clock);
    assertThat(small.tryAdmit("e1", "p", "m", FAR)).isTrue();
    small.failure("e1", "p", "m");
    small.release("e1");
    assertThat(small.tryAdmit("holder", "p", "other", FAR)).isTrue(); // fills the bulkhead
    clock.advance(Duration.ofSeconds(31));
    assertThat(small.tryAdmit("probe", "p", "m", FAR)).isFalse();
    small.release("holder");
    assertThat(small.tryAdmit("probe", "p", "m", FAR)).isTrue();
  }

  @Test
  void releaseIsIdempotentAndGivesTheBulkheadPermitBackOnce() {
    assertThat(admit("e1", "m")).isTrue();
    assertThat(guards.inFlight("p")).isEqualTo(1);
    assertThat(guards.release("e1")).isTrue();
    assertThat(guards.release("e1")).isFalse();
    assertThat(guards.inFlight("p")).isZero();
  }

  @Test
  void aRemoteProviderGets256ExecutionsInFlightAndFromWorkersMeansThreeQuartersOfThePool() {
    ProviderGuards defaults = new ProviderGuards(Map.of(), 16, clock);
    assertThat(defaults.maxConcurrent("openai")).isEqualTo(256);
    ProviderGuards derived =
        new ProviderGuards(
            Map.of("p", new ProviderLimits(5, Duration.ofSeconds(30), ProviderLimits.FROM_WORKERS)),
            16,
            clock);
    assertThat(derived.maxConcurrent("p")).isEqualTo(12);
    for (int i = 0; i < 12; i++) {
      assertThat(derived.tryAdmit("e" + i, "p", "m1", FAR)).isTrue();
    }
    assertThat(derived.tryAdmit("e12", "p", "m2", FAR)).isFalse();
    assertThat(derived.inFlight("p")).isEqualTo(12);
    assertThat(ProviderLimits.defaultMaxConcurrent(1)).isEqualTo(1);
    assertThat(ProviderLimits.defaultMaxConcurrent(4)).isEqualTo(3);
    assertThat(new ProviderLimits(5, Duration.ofSeconds(30), 40).maxConcurrentFor(16))
        .isEqualTo(40);
  }

  @Test
  void theLocalDemoProvidersWaitingJobsAreNotBounded() {
    ProviderGuards local = new ProviderGuards(Map.of("demo", ProviderLimits.LOCAL), 16, clock);
    for (int i = 0; i < 2_000; i++) {
      assertThat(local.tryAdmit("e" + i, "demo", "demo-text", FAR)).isTrue();
    }
    assertThat(local.inFlight("demo")).isEqualTo(2_000);
  }

  @Test
  void aPermitHeldPastItsExecutionsExpiryIsReclaimedWhenTheBulkheadIsFull() {
    ProviderGuards one =
        new ProviderGuards(
            Map.of("p", new ProviderLimits(5, Duration.ofSeconds(30), 1)), 16, clock);
    assertThat(one.tryAdmit("lost", "p", "m", T0.plusSeconds(60)))
        .isTrue(); // its release never comes
    assertThat(one.tryAdmit("e2", "p", "m", FAR)).isFalse();
    clock.advance(Duration.ofSeconds(61));
    assertThat(one.tryAdmit("e2", "p", "m", FAR)).isTrue();
    assertThat(one.inFlight("p")).isEqualTo(1);
    assertThat(one.release("lost")).isFalse();
  }

  /** Slots shared with imaginary other nodes, in memory: slot i held by execution holders[i]. */
  static final class FakeSharedPermits implements ProviderPermits {
    final java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    final java.util.Map<Integer, String> holders = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public boolean shared() {
      return true;
    }

    @Override
    public synchronized int tryAcquire(String provider, int limit, String executionId) {
      calls.add("acquire " + provider + " " + executionId);
      for (int slot = 0; slot < limit; slot++) {
        if (holders.putIfAbsent(slot, executionId) == null) {
          return slot;
        }
      }
      return NO_PERMIT;
    }

    @Override
    public void release(String provider, int permit, String executionId) {
      calls.add("release " + provider + " " + permit);
      holders.remove(permit, executionId);
    }
  }

  @Test
  void aConfiguredLimitTakesASharedPermitAndARefusedOneGivesTheLocalBulkheadBack() {
    FakeSharedPermits shared = new FakeSharedPermits();
    ProviderGuards g =
        new ProviderGuards(
            Map.of(
                "p",
                new ProviderLimits(3, Duration.ofSeconds(30), 2),
                "demo",
                ProviderLimits.LOCAL),
            16,
            clock,
            shared);
    assertThat(g.tryAdmit("e1", "p", "m", FAR)).isTrue();
    shared.holders.put(1, "elsewhere"); // another node holds the other slot
    assertThat(g.tryAdmit("e2", "p", "m", FAR)).isFalse();
    assertThat(g.inFlight("p")).as("the refused attempt gave its local permit back").isEqualTo(1);
    g.release("e1");
    assertThat(shared.holders).containsOnlyKeys(1);
    assertThat(g.tryAdmit("e2", "p", "m", FAR)).isTrue();

    // the local demo provider and providers without a configured limit never ask for one
    shared.calls.clear();
    assertThat(g.tryAdmit("e3", "demo", "demo-image", FAR)).isTrue();
    assertThat(g.tryAdmit("e4", "other", "m", FAR)).isTrue();
    g.release("e3");
    g.release("e4");
    assertThat(shared.calls).isEmpty();
  }

  @Test
  void anExecutionAdmittedAgainKeepsItsOwnSharedPermitInsteadOfWaitingForASecond() {
    FakeSharedPermits shared = new FakeSharedPermits();
    ProviderGuards g =
        new ProviderGuards(
            Map.of("p", new ProviderLimits(3, Duration.ofSeconds(30), 2)), 16, clock, shared);
    assertThat(g.tryAdmit("e1", "p", "m", FAR)).isTrue();
    shared.holders.put(1, "elsewhere"); // the cluster's other slot is another node's
    assertThat(g.tryAdmit("e1", "p", "m", FAR)).isTrue();
    assertThat(shared.holders).containsOnly(Map.entry(0, "e1"), Map.entry(1, "elsewhere"));
    g.release("e1");
    assertThat(shared.holders).containsOnlyKeys(1);
    assertThat(g.inFlight("p")).isZero();
  }
}
