package io.modelroute.webhook;

import io.modelroute.webhook.JdbiWebhookDeliveryStore.Claimed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks: claims due deliveries with leases and makes their attempts on a bounded pool.
 *
 * <p>A background loop ({@link #start()}) looks for due deliveries when woken by a new event on
 * this node, when an attempt ends, or every {@link WebhookSettings#pollInterval()}. Tests and tools
 * drive it by hand with {@link #runOnce(Instant)} and a settable clock. Each attempt's outcome,
 * its log row and the endpoint's failure count are written in one transaction, conditional on
 * the lease still being this node's. Thread-safe.
 */
public final class DeliveryWorker {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

  private final Jdbi jdbi;
  private final JdbiWebhookDeliveryStore deliveries;
  private final JdbiWebhookEndpointStore endpoints;
  private final DeliverySender sender;
  private final Clock clock;
  private final WebhookSettings settings;
  private final String nodeId;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final Object signal = new Object();
  private final AtomicInteger wakeups = new AtomicInteger();
  private volatile boolean running;
  private Thread loop;

  DeliveryWorker(
      Jdbi jdbi,
      JdbiWebhookDeliveryStore deliveries,
      JdbiWebhookEndpointStore endpoints,
      DeliverySender sender,
      Clock clock,
      WebhookSettings settings,
      String nodeId) {
    this.jdbi = jdbi;
    this.deliveries = deliveries;
    this.endpoints = endpoints;
    this.sender = sender;
    this.clock = clock;
    this.settings = settings;
    this.nodeId = nodeId;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(r, "modelroute-webhook-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.slots = new Semaphore(settings.threads());
  }

  /** Starts the background loop. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    loop = new Thread(this::loop, "modelroute-webhooks");
    loop.setDaemon(true);
    loop.start();
  }

  /** Whether the background loop is running. */
  public boolean isRunning() {
    return running && loop != null && loop.isAlive();
  }

  /** Makes the loop look for due deliveries now instead of at its next poll. */
  public void wake() {
    wakeups.incrementAndGet();
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /**
   * One synchronous round, for tests and tools: fails expired deliveries, then claims and attempts
   * everything due at {@code now}, batch by batch, until nothing due is left (a delivery held back
   * behind an earlier one of the same execution goes in a later batch). Attempts are signed and
   * scheduled at {@code now}. Returns how many attempts were made.
   */
  public int runOnce(Instant now) {
    expireDue(now);
    int total = 0;
    List<Claimed> claimed;
    while (!(claimed = claim(now, settings.threads())).isEmpty()) {
      List<Future<?>> futures = new ArrayList<>();
      for (Claimed c : claimed) {
        futures.add(pool.submit(() -> attempt(c, now)));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return total;
        } catch (ExecutionException e) {
          LOG.error("webhook delivery failed unexpectedly", e.getCause());
        }
      }
      total += claimed.size();
    }
    return total;
  }

  /** Fails pending deliveries past their expiry (or out of attempts); returns how many. */
  public int expireDue(Instant now) {
    int expired = jdbi.withHandle(h -> deliveries.expire(h, now));
    if (expired > 0) {
      LOG.info("{} webhook deliveries expired", expired);
    }
    return expired;
  }

  private List<Claimed> claim(Instant now, int limit) {
    return jdbi.inTransaction(h -> deliveries.claimDue(h, now, limit, nodeId, now.plus(settings.lease())));
  }

  private void attempt(Claimed c, Instant now) {
    WebhookDelivery d = c.delivery();
    DeliverySender.Outcome outcome = sender.send(c.url(), c.headers(), c.secret(), d.eventId(), c.payloadJson(), now);
    DeliveryAttempt attempt = new DeliveryAttempt(d.attempts(), outcome.statusCode(), outcome.latencyMs(),
        outcome.error(), now);
    Optional<Instant> retry = outcome.succeeded() ? Optional.empty()
        : RetrySchedule.nextAttempt(d.attempts(), c.maxAttempts(), now, d.expiresAt());
    DeliveryStatus status = outcome.succeeded() ? DeliveryStatus.SUCCEEDED
        : retry.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
    Instant next = retry.orElse(null);
    jdbi.useTransaction(h -> {
      if (!deliveries.finish(h, d.id(), nodeId, status, next, attempt)) {
        LOG.info("webhook delivery {} changed hands during its attempt; outcome not recorded", d.id());
        return;
      }
      deliveries.insertAttempt(h, d.id(), nodeId, attempt);
      if (d.endpointId() == null) {
        return;
      }
      if (outcome.succeeded()) {
        endpoints.recordSuccess(h, d.endpointId(), now);
      } else {
        endpoints.recordFailure(h, d.endpointId(), now, RetrySchedule.DEACTIVATE_AFTER_FAILURES)
            .filter(failures -> failures == RetrySchedule.DEACTIVATE_AFTER_FAILURES)
            .ifPresent(failures -> LOG.warn("webhook endpoint {} deactivated after {} consecutive failed attempts",
                d.endpointId(), failures));
      }
    });
    if (outcome.succeeded()) {
      LOG.debug("webhook {} {} delivered: HTTP {} in {} ms", d.id(), d.eventType(), outcome.statusCode(),
          outcome.latencyMs());
    } else {
      LOG.info("webhook {} {} attempt {} failed ({}): {}", d.id(), d.eventType(), d.attempts(),
          outcome.statusCode() == null ? "no answer" : "HTTP " + outcome.statusCode(),
          status == DeliveryStatus.PENDING ? "retry at " + next : "giving up", outcome.error());
    }
  }

  private void loop() {
    Instant lastSweep = Instant.EPOCH;
    while (running) {
      try {
        Instant now = clock.instant();
        if (Duration.between(lastSweep, now).compareTo(SWEEP_INTERVAL) >= 0) {
          expireDue(now);
          lastSweep = now;
        }
        int seen = wakeups.get();
        int started = dispatchAvailable(now);
        if (started == 0 || slots.availablePermits() == 0) {
          waitForSignal(seen);
        }
      } catch (RuntimeException e) {
        LOG.error("webhook loop error; retrying", e);
        waitForSignal(wakeups.get());
      }
    }
  }

  private int dispatchAvailable(Instant now) {
    int free = slots.availablePermits();
    if (free == 0) {
      return 0;
    }
    List<Claimed> claimed = claim(now, free);
    for (Claimed c : claimed) {
      slots.acquireUninterruptibly();
      try {
        pool.execute(() -> {
          try {
            attempt(c, clock.instant());
          } catch (RuntimeException e) {
            LOG.error("webhook delivery {} failed unexpectedly", c.delivery().id(), e);
          } finally {
            slots.release();
            wake();
          }
        });
      } catch (RejectedExecutionException e) {
        slots.release();
      }
    }
    return claimed.size();
  }

  private void waitForSignal(int seenWakeups) {
    synchronized (signal) {
      if (wakeups.get() != seenWakeups || !running) {
        return;
      }
      try {
        signal.wait(Math.max(1, settings.pollInterval().toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  /**
   * Stops claiming, waits up to {@code grace} for attempts in flight, then gives this node's
   * leases back so other nodes take the deliveries over at once.
   */
  public void shutdown(Duration grace) {
    running = false;
    wake();
    if (loop != null) {
      try {
        loop.join(grace.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pool.shutdown();
    try {
      pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
    sender.close();
    try {
      jdbi.useHandle(h -> deliveries.releaseLeases(h, nodeId));
    } catch (RuntimeException e) {
      LOG.warn("could not release webhook leases on shutdown", e);
    }
  }
}
