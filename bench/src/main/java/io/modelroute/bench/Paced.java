package io.modelroute.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Open-loop paced load, wrk2-style: request {@code i} is due at {@code start + i / rate}; its
 * latency is measured from that intended send time (not from when it was actually sent), so a
 * server that stalls is charged for every request that should have gone out meanwhile (no
 * coordinated omission). Uses java.net.http (NIO: in-flight requests hold no thread).
 */
final class Paced {
  /** The outcome of one paced run. */
  record Result(
      double rate,
      int sent,
      int ok,
      int failed,
      int dropped,
      long[] latenciesMicros,
      double seconds,
      java.util.Map<Integer, Integer> statuses,
      long startNanos,
      double periodNanos) {
    /** When request {@code i} was due ({@link System#nanoTime}). */
    long intended(int i) {
      return startNanos + (long) (i * periodNanos);
    }

    /** Requests answered ok per second of the run. */
    double achieved() {
      return ok / seconds;
    }

    double p(double percentile) {
      return Stats.percentile(latenciesMicros, percentile) / 1000.0;
    }

    String summary() {
      return String.format(
          "%.0f req/s offered, %d sent, %d ok, %d failed, %d dropped; p50 %s ms, p99 %s ms, max %s ms; statuses %s",
          rate,
          sent,
          ok,
          failed,
          dropped,
          Stats.fmt(p(50)),
          Stats.fmt(p(99)),
          Stats.fmt(p(100)),
          statuses);
    }
  }

  private Paced() {}

  static HttpClient client() {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "paced-client");
              t.setDaemon(true);
              return t;
            });
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .executor(pool)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * Sends {@code rate × duration} requests from {@code requests}, at most {@code maxInFlight} at
   * once (beyond that a due request is dropped and counted), and waits up to {@code drain} for the
   * last answers. A request counts as ok when {@code okAnswer} accepts its status and body.
   */
  static Result run(
      HttpClient client,
      IntFunction<HttpRequest> requests,
      double rate,
      Duration duration,
      int maxInFlight,
      Duration drain,
      java.util.function.BiPredicate<Integer, String> okAnswer)
      throws InterruptedException {
    int n = (int) Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
    AtomicLongArray latencies = new AtomicLongArray(n);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger dropped = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger recorded = new AtomicInteger();
    ConcurrentHashMap<Integer, Integer> statuses = new ConcurrentHashMap<>();
    AtomicLong lastDone = new AtomicLong();
    double periodNanos = 1e9 / rate;
    long start = System.nanoTime() + 20_000_000L;
    int sent = 0;
    for (int i = 0; i < n; i++) {
      long intended = start + (long) (i * periodNanos);
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        if (wait > 200_000) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
        } else {
          Thread.onSpinWait();
        }
      }
      if (inFlight.get() >= maxInFlight) {
        dropped.incrementAndGet();
        continue;
      }
      HttpRequest req = requests.apply(i);
      inFlight.incrementAndGet();
      sent++;
      client
          .sendAsync(req, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                long now = System.nanoTime();
                if (e == null) {
                  statuses.merge(r.statusCode(), 1, Integer::sum);
                } else {
                  statuses.merge(-1, 1, Integer::sum);
                }
                if (e == null && okAnswer.test(r.statusCode(), r.body())) {
                  ok.incrementAndGet();
                  latencies.set(recorded.getAndIncrement(), (now - intended) / 1000);
                } else {
                  failed.incrementAndGet();
                }
                lastDone.accumulateAndGet(now, Math::max);
                inFlight.decrementAndGet();
              });
    }
    long drainUntil = System.nanoTime() + drain.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(10);
    }
    int stillOpen = inFlight.get();
    double seconds = ((lastDone.get() > 0 ? lastDone.get() : System.nanoTime()) - start) / 1e9;
    int count = recorded.get();
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      values[i] = latencies.get(i);
    }
    return new Result(
        rate,
        sent,
        ok.get(),
        failed.get() + stillOpen,
        dropped.get(),
        values,
        seconds,
        new java.util.TreeMap<>(statuses),
        start,
        periodNanos);
  }

  /** Percentiles of latencies collected elsewhere (e.g. arrival at the fake provider). */
  static long[] toArray(java.util.Collection<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  static void sleepQuietly(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
