package io.modelroute.webhook;

import io.modelroute.webhook.JdbiWebhookDeliveryStore.Claimed;
import io.modelroute.worker.internal.ClaimLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks: claims due deliveries with leases and makes their attempts on a bounded pool.
 *
 * <p>A background loop ({@link #start()}) sleeps until there is work: it looks for due deliveries
 * when deliveries were committed on this node, when an attempt ends, when the earliest scheduled
 * retry falls due, and otherwise only every {@link WebhookSettings#pollInterval()} (30 s: the bound
 * for work written by other nodes). Idle, it costs a handful of queries per poll interval, not a
 * query per execution or per second. Every {@value #SWEEP_SECONDS} s at most it also sweeps: holds
 * the pending deliveries of inactive endpoints, sends the held ones of active endpoints, and fails
 * expired deliveries. Tests and tools drive it by hand with {@link #runOnce(Instant)} and a
 * settable clock. Each attempt's outcome, its log row and the endpoint's failure count are written
 * in one transaction, conditional on the lease still being this node's.
 *
 * <p>Get it from {@code ModelRoute.webhookWorker()}. Thread-safe; one per {@code ModelRoute}.
 */
public final class DeliveryWorker {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  static final int SWEEP_SECONDS = 10;
  private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(SWEEP_SECONDS);

  private final Jdbi jdbi;
  private final JdbiWebhookDeliveryStore deliveries;
  private final JdbiWebhookEndpointStore endpoints;
  private final EndpointCache cache;
  private final DeliverySender sender;
  private final Clock clock;
  private final WebhookSettings settings;
  private final String nodeId;
  private final ClaimLoop<Claimed> loop;
  private volatile Instant lastSweep = Instant.EPOCH;
  private volatile Instant scheduledWake;

  DeliveryWorker(
      Jdbi jdbi,
      JdbiWebhookDeliveryStore deliveries,
      JdbiWebhookEndpointStore endpoints,
      EndpointCache cache,
      DeliverySender sender,
      Clock clock,
      WebhookSettings settings,
      String nodeId) {
    this.jdbi = jdbi;
    this.deliveries = deliveries;
    this.endpoints = endpoints;
    this.cache = cache;
    this.sender = sender;
    this.clock = clock;
    this.settings = settings;
    this.nodeId = nodeId;
    this.loop =
        new ClaimLoop<>(
            "modelroute-webhook",
            settings.threads(),
            settings.pollInterval(),
            clock,
            new ClaimLoop.Work<>() {
              @Override
              public List<Claimed> claim(Instant now, int limit) {
                return DeliveryWorker.this.claim(now, limit);
              }

              @Override
              public void run(Claimed item, Instant now) {
                attempt(item, now);
              }

              @Override
              public void housekeeping(Instant now, boolean forced) {
                if (forced || Duration.between(lastSweep, now).compareTo(SWEEP_INTERVAL) >= 0) {
                  lastSweep = now;
                  sweep(now);
                }
              }
            });
  }

  /** Starts the background loop; {@code ModelRoute.start} does it unless workers are off. */
  public void start() {
    loop.start();
  }

  /** Whether the background loop is running. */
  public boolean isRunning() {
    return loop.isRunning();
  }

  /** Makes the loop look for due deliveries now instead of at its next poll. */
  void wake() {
    loop.wake();
  }

  /**
   * One synchronous round, for tests and tools: fails expired deliveries, then claims and attempts
   * everything due at {@code now}, batch by batch, until nothing due is left (a delivery held back
   * behind an earlier one of the same execution goes in a later batch). Attempts are signed and
   * scheduled at {@code now}. Returns how many attempts were made.
   */
  public int runOnce(Instant now) {
    return loop.runOnce(now);
  }

  /**
   * Holds the pending deliveries of inactive endpoints, sends the held deliveries of active ones
   * (due now), removes held deliveries of deleted endpoints, then fails expired deliveries.
   */
  void sweep(Instant now) {
    int[] counts =
        jdbi.withHandle(
            h ->
                new int[] {
                  deliveries.pauseInactive(h, now),
                  deliveries.resumeActive(h, now, now.plus(RetrySchedule.EXPIRY)),
                  deliveries.deletePausedOrphans(h)
                });
    if (counts[0] + counts[1] + counts[2] > 0) {
      LOG.info(
          "webhook deliveries: {} held for inactive endpoints, {} resumed, {} of deleted endpoints removed",
          counts[0],
          counts[1],
          counts[2]);
    }
    expireDue(now);
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
    List<Claimed> claimed =
        jdbi.inTransaction(
            h -> deliveries.claimDue(h, now, limit, nodeId, now.plus(settings.lease())));
    if (claimed.size() < limit) {
      // nothing more is due now: sleep until the earliest retry (asked once per new answer, so a
      // wake-up it causes does not ask again)
      jdbi.withHandle(h -> deliveries.nextDue(h, now))
          .ifPresent(
              next -> {
                if (!next.equals(scheduledWake)) {
                  scheduledWake = next;
                  loop.wakeAt(next);
                }
              });
    }
    return claimed;
  }

  private void attempt(Claimed c, Instant now) {
    WebhookDelivery d = c.delivery();
    DeliverySender.Outcome outcome =
        sender.send(c.url(), c.headers(), c.secret(), d.eventId(), c.payloadJson(), now);
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            d.attempts(), outcome.statusCode(), outcome.latencyMs(), outcome.error(), now);
    Optional<Instant> retry =
        outcome.succeeded()
            ? Optional.empty()
            : RetrySchedule.nextAttempt(d.attempts(), c.maxAttempts(), now, d.expiresAt());
    DeliveryStatus status =
        outcome.succeeded()
            ? DeliveryStatus.SUCCEEDED
            : retry.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
    Instant next = retry.orElse(null);
    jdbi.useTransaction(
        h -> {
          if (!deliveries.finish(h, d.id(), nodeId, status, next, attempt)) {
            LOG.info(
                "webhook delivery {} changed hands during its attempt; outcome not recorded",
                d.id());
            return;
          }
          deliveries.insertAttempt(h, d.id(), nodeId, attempt);
          if (d.endpointId() == null) {
            return;
          }
          if (outcome.succeeded()) {
            endpoints.recordSuccess(h, d.endpointId(), now);
          } else {
            if (endpoints.recordFailure(h, d.endpointId(), now)) {
              cache.changed(h);
              h.afterCommit(cache::invalidate);
              LOG.warn(
                  "webhook endpoint {} deactivated: {}+ consecutive failed attempts over more than {}; "
                      + "its deliveries are held until it is re-activated",
                  d.endpointId(),
                  RetrySchedule.DEACTIVATE_AFTER_FAILURES,
                  RetrySchedule.SPAN);
            }
          }
        });
    if (outcome.succeeded()) {
      LOG.debug(
          "webhook {} {} delivered: HTTP {} in {} ms",
          d.id(),
          d.eventType(),
          outcome.statusCode(),
          outcome.latencyMs());
    } else {
      LOG.info(
          "webhook {} {} attempt {} failed ({}): {}",
          d.id(),
          d.eventType(),
          d.attempts(),
          outcome.statusCode() == null ? "no answer" : "HTTP " + outcome.statusCode(),
          status == DeliveryStatus.PENDING ? "retry at " + next : "giving up",
          outcome.error());
    }
  }

  /**
   * Stops claiming, waits up to {@code grace} for attempts in flight, then gives this node's leases
   * back so other nodes take the deliveries over at once. {@code ModelRoute.close} calls it.
   */
  public void shutdown(Duration grace) {
    loop.shutdown(grace);
    sender.close();
    try {
      jdbi.useHandle(h -> deliveries.releaseLeases(h, nodeId));
    } catch (RuntimeException e) {
      LOG.warn("could not release webhook leases on shutdown", e);
    }
  }
}
