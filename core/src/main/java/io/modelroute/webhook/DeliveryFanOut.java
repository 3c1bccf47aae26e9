package io.modelroute.webhook;

import io.modelroute.execution.Execution;
import io.modelroute.execution.OutboxListener;
import io.modelroute.webhook.JdbiWebhookDeliveryStore.NewDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Turns each outbox event into deliveries, inside the transaction of the state change: one per
 * active endpoint of the organization subscribed to the event, and one to the execution's own
 * {@code webhook_url} when it has one. A crash can therefore lose no delivery: the rows commit with
 * the change or not at all.
 */
final class DeliveryFanOut implements OutboxListener {
  private final JdbiWebhookEndpointStore endpoints;
  private final JdbiWebhookDeliveryStore deliveries;

  DeliveryFanOut(JdbiWebhookEndpointStore endpoints, JdbiWebhookDeliveryStore deliveries) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
  }

  @Override
  public void written(Handle h, OutboxEvent event) {
    Execution e = event.execution();
    String type = event.type().wireName();
    List<NewDelivery> rows = new ArrayList<>();
    for (WebhookEndpoint endpoint : endpoints.findActive(h, e.orgId())) {
      if (endpoint.wants(type)) {
        rows.add(delivery(event, endpoint.id(), null));
      }
    }
    if (e.webhookUrl() != null) {
      rows.add(delivery(event, null, e.webhookUrl()));
    }
    deliveries.insert(h, rows);
  }

  private static NewDelivery delivery(OutboxEvent event, String endpointId, String url) {
    return new NewDelivery(newId(), event.execution().orgId(), endpointId, url, event.id(), event.type().wireName(),
        event.execution().id(), event.payloadJson(), RetrySchedule.MAX_ATTEMPTS, event.createdAt(),
        event.createdAt().plus(RetrySchedule.EXPIRY));
  }

  /** A delivery id: {@code dlv_<uuid>}. */
  static String newId() {
    return "dlv_" + UUID.randomUUID();
  }
}
