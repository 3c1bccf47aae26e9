package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void aTakeThatReadTheClockBeforeALaterOneStillFindsTheTokensItWasOwed() {
    // Two threads: A reads the clock at t = 2 ms, B at t = 3 ms; B gets the bucket's lock first.
    // A must not be charged for the "negative" time between them.
    AtomicLong clock = new AtomicLong(0);
    // a limit so high it can never be reached, with the default burst
    RateLimiter limiter = new RateLimiter(1_000_000, 120, clock::get);
    limiter.take("k"); // the bucket exists, full
    assertThat(limiter.take("k", 3_000_000).allowed()).isTrue();
    RateLimiter.Decision late = limiter.take("k", 2_000_000);
    assertThat(late.allowed()).isTrue();
    assertThat(late.remaining()).isGreaterThan(100);
  }

  @Test
  void anEmptyBucketRefusesWithRetryAfterAndRefillsWithTime() {
    AtomicLong clock = new AtomicLong(0);
    RateLimiter limiter = new RateLimiter(1, 2, clock::get);
    assertThat(limiter.take("k").allowed()).isTrue();
    assertThat(limiter.take("k").allowed()).isTrue();
    RateLimiter.Decision refused = limiter.take("k");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    clock.set(1_000_000_000L);
    assertThat(limiter.take("k").allowed()).isTrue();
  }
}
