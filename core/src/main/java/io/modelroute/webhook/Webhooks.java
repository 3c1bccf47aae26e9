package io.modelroute.webhook;

import io.modelroute.auth.internal.JdbiOrganizationStore;
import io.modelroute.db.internal.CacheVersion;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.internal.OutboxListener;
import io.modelroute.execution.internal.WebhookUrlPolicy;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * Internal: not API, may change without notice. The webhook feature wired together, for {@link
 * io.modelroute.ModelRoute} (which hands out its {@link #service()} and {@link #worker()}): the
 * service behind the API, the delivery worker, the outbox listener that fans events out into
 * deliveries, and the URL policy executions check their {@code webhook_url} with. Public only
 * because {@code ModelRoute} lives in another package and the parts it wires are package-private.
 * Thread-safe.
 */
public final class Webhooks {
  private final WebhookService service;
  private final DeliveryWorker worker;
  private final DeliveryFanOut fanOut;
  private final EgressPolicy egress;

  private Webhooks(
      WebhookService service, DeliveryWorker worker, DeliveryFanOut fanOut, EgressPolicy egress) {
    this.service = service;
    this.worker = worker;
    this.fanOut = fanOut;
    this.egress = egress;
  }

  /**
   * Wires the feature on {@code jdbi}.
   *
   * @param nodeId this node's name in delivery leases
   */
  public static Webhooks create(
      Jdbi jdbi, Dialect dialect, Clock clock, WebhookSettings settings, String nodeId) {
    var endpoints = new JdbiWebhookEndpointStore();
    var deliveries = new JdbiWebhookDeliveryStore(dialect);
    var cache =
        new EndpointCache(
            endpoints, new CacheVersion("webhook_endpoints", EndpointCache.DEFAULT_CHECK_INTERVAL));
    var egress = new EgressPolicy(settings.allowPrivateNetworks(), settings.resolver());
    var worker =
        new DeliveryWorker(
            jdbi,
            deliveries,
            endpoints,
            cache,
            new DeliverySender(egress, settings),
            clock,
            settings,
            nodeId);
    var service =
        new WebhookService(
            jdbi,
            endpoints,
            deliveries,
            cache,
            new JdbiOrganizationStore(),
            egress,
            worker::wake,
            clock);
    return new Webhooks(
        service, worker, new DeliveryFanOut(cache, deliveries, worker::wake), egress);
  }

  /** The webhook API, {@code ModelRoute.webhooks()}. */
  public WebhookService service() {
    return service;
  }

  /** The delivery worker, {@code ModelRoute.webhookWorker()}. */
  public DeliveryWorker worker() {
    return worker;
  }

  /** Writes the deliveries of each outbox event in the event's own transaction. */
  public OutboxListener fanOut() {
    return fanOut;
  }

  /** The check for a per-execution {@code webhook_url}: the same rules as endpoint URLs. */
  public WebhookUrlPolicy urlPolicy() {
    return egress;
  }
}
