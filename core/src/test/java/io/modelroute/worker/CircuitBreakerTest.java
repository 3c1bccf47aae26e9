package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final CircuitBreaker breaker = new CircuitBreaker(new ProviderLimits(3, Duration.ofSeconds(30), 10));

  @Test
  void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesWhileOpen() {
    breaker.onFailure(T0);
    breaker.onFailure(T0);
    breaker.onSuccess(); // resets the count
    breaker.onFailure(T0);
    breaker.onFailure(T0);
    assertThat(breaker.tryAcquire(T0)).isTrue();
    breaker.onFailure(T0);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire(T0.plusSeconds(29))).isFalse();
  }

  @Test
  void letsExactlyOneProbeThroughWhenHalfOpenAndClosesOnItsSuccess() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(T0);
    }
    assertThat(breaker.tryAcquire(T0.plusSeconds(30))).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(breaker.tryAcquire(T0.plusSeconds(30))).isFalse();
    breaker.onSuccess();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breaker.tryAcquire(T0.plusSeconds(31))).isTrue();
  }

  @Test
  void aFailedProbeOpensTheCircuitAgainForAnotherFullPeriod() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(T0);
    }
    assertThat(breaker.tryAcquire(T0.plusSeconds(40))).isTrue();
    breaker.onFailure(T0.plusSeconds(40));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.tryAcquire(T0.plusSeconds(69))).isFalse();
    assertThat(breaker.tryAcquire(T0.plusSeconds(70))).isTrue();
  }

  @Test
  void anUnusedProbeIsGivenBack() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure(T0);
    }
    assertThat(breaker.tryAcquire(T0.plusSeconds(30))).isTrue();
    breaker.release();
    assertThat(breaker.tryAcquire(T0.plusSeconds(30))).isTrue();
  }
}
