package io.modelroute.metrics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelroute.execution.EventType;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The engine's meters (Micrometer, so any backend works; the server exposes them in Prometheus
 * format at {@code /metrics}): executions created and finished by model and status, the queue of
 * due work, provider call latency and errors, held and balance totals. Database-backed gauges are
 * read at most once per {@link #GAUGE_REFRESH}. Thread-safe.
 */
public final class EngineMetrics implements ExecutionListener {
  /** Database-backed gauges are cached this long so scrapes stay cheap. */
  public static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);

  private final MeterRegistry registry;
  private final Jdbi jdbi;
  private final AtomicLong queueDepth = new AtomicLong();
  private final AtomicLong heldMicros = new AtomicLong();
  private final AtomicLong balanceMicros = new AtomicLong();
  private final AtomicLong webhooksPending = new AtomicLong();
  private final AtomicLong webhooksFailed = new AtomicLong();
  private final AtomicLong webhooksSucceeded = new AtomicLong();
  private volatile long refreshedAtNanos = System.nanoTime() - GAUGE_REFRESH.toNanos() - 1;

  public EngineMetrics(MeterRegistry registry, Jdbi jdbi) {
    this.registry = registry;
    this.jdbi = jdbi;
    Gauge.builder("modelroute.queue.depth", this, m -> m.refreshed().queueDepth.get())
        .description("Executions due to be dispatched now")
        .register(registry);
    Gauge.builder("modelroute.balance.held.usd", this, m -> m.refreshed().heldMicros.get() / 1e6)
        .description("Money held for running executions, all organizations")
        .register(registry);
    Gauge.builder(
            "modelroute.balance.total.usd", this, m -> m.refreshed().balanceMicros.get() / 1e6)
        .description("Sum of all organizations' balances")
        .register(registry);
    for (var status :
        java.util.Map.of(
                "PENDING",
                webhooksPending,
                "FAILED",
                webhooksFailed,
                "SUCCEEDED",
                webhooksSucceeded)
            .entrySet()) {
      Gauge.builder(
              "modelroute.webhook.deliveries",
              this,
              m -> {
                m.refreshed();
                return status.getValue().get();
              })
          .tag("status", status.getKey())
          .description("Webhook deliveries by status")
          .register(registry);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void created(Execution e) {
    Counter.builder("modelroute.executions.accepted")
        .tag("model", e.model())
        .description("Executions accepted")
        .register(registry)
        .increment();
  }

  @Override
  public void changed(Execution e, EventType type) {
    if (e.status().isTerminal()) {
      Counter.builder("modelroute.executions.finished")
          .tag("model", e.model())
          .tag("status", e.status().name())
          .description("Executions that reached a terminal state")
          .register(registry)
          .increment();
      if (e.latencyMs() != null) {
        Timer.builder("modelroute.execution.latency")
            .tag("model", e.model())
            .tag("status", e.status().name())
            .publishPercentileHistogram()
            .description("Time from accept to terminal state")
            .register(registry)
            .record(Duration.ofMillis(e.latencyMs()));
      }
    }
  }

  /** One provider call (start or poll) and how it ended ({@code ok} or an error code). */
  public void providerCall(String provider, String outcome, long nanos) {
    Timer.builder("modelroute.provider.calls")
        .tag("provider", provider)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .description("Provider call latency")
        .register(registry)
        .record(Duration.ofNanos(nanos));
    if (!"ok".equals(outcome)) {
      Counter.builder("modelroute.provider.errors")
          .tag("provider", provider)
          .tag("code", outcome)
          .description("Provider calls that failed, by normalized code")
          .register(registry)
          .increment();
    }
  }

  private EngineMetrics refreshed() {
    long now = System.nanoTime();
    if (now - refreshedAtNanos > GAUGE_REFRESH.toNanos()) {
      refreshedAtNanos = now;
      try {
        jdbi.useHandle(
            h -> {
              queueDepth.set(
                  h.createQuery(
                          "SELECT COUNT(*) FROM executions WHERE next_run_at <= :now AND lease_until IS NULL")
                      .bind("now", Instant.now())
                      .mapTo(Long.class)
                      .one());
              h.createQuery(
                      "SELECT COALESCE(SUM(held_micros), 0), COALESCE(SUM(balance_micros), 0) FROM balances")
                  .map(
                      (rs, ctx) -> {
                        heldMicros.set(rs.getLong(1));
                        balanceMicros.set(rs.getLong(2));
                        return 0;
                      })
                  .one();
              webhooksPending.set(0);
              webhooksFailed.set(0);
              webhooksSucceeded.set(0);
              h.createQuery("SELECT status, COUNT(*) FROM webhook_deliveries GROUP BY status")
                  .map(
                      (rs, ctx) -> {
                        switch (rs.getString(1)) {
                          case "PENDING" -> webhooksPending.set(rs.getLong(2));
                          case "FAILED" -> webhooksFailed.set(rs.getLong(2));
                          case "SUCCEEDED" -> webhooksSucceeded.set(rs.getLong(2));
                          default -> {}
                        }
                        return 0;
                      })
                  .list();
            });
      } catch (RuntimeException e) {
        // a metrics scrape never fails because the database is slow; keep the last values
      }
    }
    return this;
  }
}
