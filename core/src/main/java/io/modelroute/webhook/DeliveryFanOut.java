package io.modelroute.webhook;

import io.modelroute.execution.Execution;
import io.modelroute.execution.internal.OutboxListener;
import io.modelroute.webhook.JdbiWebhookDeliveryStore.NewDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Turns each outbox event into deliveries, inside the transaction of the state change: one per
 * endpoint of the organization subscribed to the event — held ({@link DeliveryStatus#PAUSED}) for
 * an inactive endpoint, so nothing is dropped while it is off — and one to the execution's own
 * {@code webhook_url} when it has one. A crash can therefore lose no delivery: the rows commit with
 * the change or not at all.
 *
 * <p>The organization's endpoints come from the {@link EndpointCache}: an organization without
 * endpoints costs no query per event. When rows were written, the worker is woken once the
 * transaction commits (not before: it could not see them yet); otherwise it is not woken at all.
 */
final class DeliveryFanOut implements OutboxListener {
  private final EndpointCache endpoints;
  private final JdbiWebhookDeliveryStore deliveries;
  private final Runnable newWork;

  DeliveryFanOut(EndpointCache endpoints, JdbiWebhookDeliveryStore deliveries, Runnable newWork) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.newWork = newWork;
  }

  @Override
  public void written(Handle h, OutboxEvent event) {
    Execution e = event.execution();
    String type = event.type().wireName();
    List<NewDelivery> rows = new ArrayList<>();
    boolean due = false;
    for (WebhookEndpoint endpoint : endpoints.endpoints(h, e.orgId())) {
      if (endpoint.wants(type)) {
        rows.add(delivery(event, endpoint.id(), null, !endpoint.active()));
        due |= endpoint.active();
      }
    }
    if (e.webhookUrl() != null) {
      rows.add(delivery(event, null, e.webhookUrl(), false));
      due = true;
    }
    deliveries.insert(h, rows);
    if (due) {
      if (h.isInTransaction()) {
        h.afterCommit(newWork);
      } else {
        newWork.run();
      }
    }
  }

  private static NewDelivery delivery(
      OutboxEvent event, String endpointId, String url, boolean paused) {
    return new NewDelivery(
        newId(),
        event.execution().orgId(),
        endpointId,
        url,
        event.id(),
        event.type().wireName(),
        event.execution().id(),
        event.payloadJson(),
        RetrySchedule.MAX_ATTEMPTS,
        event.createdAt(),
        event.createdAt().plus(RetrySchedule.EXPIRY),
        paused);
  }

  /** A delivery id: {@code dlv_<uuid>}. */
  static String newId() {
    return "dlv_" + UUID.randomUUID();
  }
}
