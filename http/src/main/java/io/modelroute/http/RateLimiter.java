package io.modelroute.http;

import java.util.concurrent.ConcurrentHashMap;

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
    this.perNano = perSecond / 1e9;
    this.burst = burst;
  }

  Decision take(String key) {
    long now = System.nanoTime();
    if (buckets.size() > MAX_BUCKETS) {
      buckets.clear();
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.updatedNanos) * perNano);
      b.updatedNanos = now;
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
