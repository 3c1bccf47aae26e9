package io.modelroute.http;

import io.modelroute.cluster.Cluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets per API key (docs/http-api.md): {@code perSecond} tokens a second up to {@code
 * burst}. Thread-safe; a bucket is a few longs, and idle buckets are dropped when the map grows
 * large.
 *
 * <p><b>On a cluster</b> ({@link Cluster#isShared()}) the bucket is the cluster's, and a request
 * still costs no database statement: every {@link #SYNC_INTERVAL} {@link #sync()} reports, in one
 * statement for all keys, what this node let through since its last report and reads back the
 * tokens the shared bucket has left (refilled at {@code perSecond}, negative when the nodes let
 * through more than it had: a debt the refill pays back). Until the next sync this node may spend
 * its share of them, {@code tokens / n} for {@code n} live nodes, and refills its share at {@code
 * perSecond / n}; a key new to this node starts with {@code burst / n}. docs/operations.md gives
 * the tolerance this leaves.
 */
final class RateLimiter {
  /** The state after taking (or failing to take) one token. */
  record Decision(
      boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {}

  /** How often a node on a cluster exchanges its keys' use with the shared buckets. */
  static final java.time.Duration SYNC_INTERVAL = java.time.Duration.ofMillis(200);

  /** Keys used on this node within this long are synced even when idle since the last sync. */
  private static final long ACTIVE_NANOS = 10_000_000_000L;

  private static final int MAX_BUCKETS = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  private final int perSecond;
  private final double perNano;
  private final int burst;
  private final LongSupplier nanoTime;
  private final Cluster cluster;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    /** Tokens taken since the last report to the cluster. */
    long unreported;

    long touchedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
      this.touchedNanos = now;
    }
  }

  RateLimiter(int perSecond, int burst) {
    this(perSecond, burst, System::nanoTime);
  }

  RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
    this(perSecond, burst, nanoTime, null);
  }

  /**
   * @param cluster the cluster whose shared buckets {@link #sync()} exchanges with when it {@link
   *     Cluster#isShared() is shared}; null (or not shared): node-local buckets
   */
  RateLimiter(int perSecond, int burst, LongSupplier nanoTime, Cluster cluster) {
    this.perSecond = perSecond;
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.cluster = cluster != null && cluster.isShared() ? cluster : null;
  }

  /** Whether {@link #sync()} must run every {@link #SYNC_INTERVAL}. */
  boolean shared() {
    return cluster != null;
  }

  Decision take(String key) {
    return take(key, nanoTime.getAsLong());
  }

  /** Takes a token at {@code now}, which another thread may already have passed. */
  Decision take(String key, long now) {
    if (buckets.size() > MAX_BUCKETS) {
      buckets.clear();
    }
    int nodes = cluster == null ? 1 : cluster.liveNodes();
    double cap = (double) burst / nodes;
    double rate = perNano / nodes;
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(cap, now));
    synchronized (b) {
      // a thread that read the clock before another took the lock must not see time run backwards
      // (that would charge it for negative time: a spurious 429 under any limit)
      long elapsed = Math.max(0, now - b.updatedNanos);
      b.tokens = Math.min(cap, b.tokens + elapsed * rate);
      b.updatedNanos = Math.max(b.updatedNanos, now);
      b.touchedNanos = b.updatedNanos;
      boolean allowed = b.tokens >= 1;
      if (allowed) {
        b.tokens -= 1;
        b.unreported++;
      }
      long nowSeconds = System.currentTimeMillis() / 1000;
      long fullInSeconds = (long) Math.ceil((cap - b.tokens) / rate / 1e9);
      long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - b.tokens) / rate / 1e9));
      // on a cluster, what the client has left is about the shared bucket: this node's share × n
      int remaining = (int) Math.max(0, Math.min(burst, Math.floor(b.tokens * nodes)));
      return new Decision(allowed, burst, remaining, nowSeconds + fullInSeconds, retryAfter);
    }
  }

  /**
   * Exchanges this node's use of recently active keys with the cluster's shared buckets (one
   * statement) and resets each key's local share from the answer. Does nothing on one node. When
   * the database fails, decisions stay local and the use is reported at the next sync. Call from
   * one thread at a time (the server's sync thread; tests call it by hand).
   */
  void sync() {
    if (cluster == null) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (cluster.liveNodes() <= 1) {
      // alone, the local buckets are exact: nothing to exchange (a sync upserts every key used in
      // the
      // last 10 s, five times a second). When a second node joins, the shared buckets are refilled
      // by then: at most one extra burst, within the documented transient of a join.
      for (Bucket b : buckets.values()) {
        synchronized (b) {
          b.unreported = 0;
        }
      }
      return;
    }
    Map<String, Long> used = new HashMap<>();
    List<Map.Entry<String, Bucket>> reported = new ArrayList<>();
    for (Map.Entry<String, Bucket> e : buckets.entrySet()) {
      Bucket b = e.getValue();
      synchronized (b) {
        if (b.unreported > 0 || now - b.touchedNanos < ACTIVE_NANOS) {
          used.put(e.getKey(), b.unreported);
          b.unreported = 0;
          reported.add(e);
        }
      }
    }
    if (used.isEmpty()) {
      return;
    }
    Map<String, Double> left;
    try {
      left = cluster.exchangeRateUse(used, perSecond, burst);
    } catch (RuntimeException ex) {
      LOG.warn("rate limit sync failed; limiting locally until it works again: {}", ex.toString());
      for (Map.Entry<String, Bucket> e : reported) {
        synchronized (e.getValue()) {
          e.getValue().unreported += used.get(e.getKey());
        }
      }
      return;
    }
    int nodes = cluster.liveNodes();
    long at = nanoTime.getAsLong();
    for (Map.Entry<String, Bucket> e : reported) {
      Double tokens = left.get(e.getKey());
      if (tokens == null) {
        continue;
      }
      Bucket b = e.getValue();
      synchronized (b) {
        // what was taken here while the statement ran is not in the answer yet
        b.tokens = tokens / nodes - b.unreported;
        b.updatedNanos = Math.max(b.updatedNanos, at);
      }
    }
  }
}
