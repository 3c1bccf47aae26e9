package io.modelroute.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per API key (SPEC §10): {@code perSecond} tokens a second up to {@code burst}.
 * Thread-safe; a bucket is a few longs, and idle buckets are dropped when the map grows large.
 */
final class RateLimiter {
  /** The state after taking (or failing to take) one token. */
  record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {}

  private static final int MAX_BUCKETS = 100_000;

  private final double perNano;
  private final int burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  RateLimiter(int perSecond, int burst) {
    this(perSecond, burst, System::nanoTime);
  }

  RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  Decision take(String key) {
    return take(key, nanoTime.getAsLong());
  }

  /** Takes a token at {@code now}, which another thread may already have passed. */
  Decision take(String key, long now) {
    if (buckets.size() > MAX_BUCKETS) {
      buckets.clear();
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      // a thread that read the clock before another took the lock must not see time run backwards
      // (that would charge it for negative time: a spurious 429 under any limit)
      long elapsed = Math.max(0, now - b.updatedNanos);
      b.tokens = Math.min(burst, b.tokens + elapsed * perNano);
      b.updatedNanos = Math.max(b.updatedNanos, now);
      boolean allowed = b.tokens >= 1;
      if (allowed) {
        b.tokens -= 1;
      }
      long nowSeconds = System.currentTimeMillis() / 1000;
      long fullInSeconds = (long) Math.ceil((burst - b.tokens) / perNano / 1e9);
      long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9));
      return new Decision(allowed, burst, (int) Math.floor(b.tokens), nowSeconds + fullInSeconds, retryAfter);
    }
  }
}
