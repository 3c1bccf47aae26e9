package io.modelroute.client;

import io.modelroute.api.Page;
import io.modelroute.api.WebhookDelivery;
import io.modelroute.api.WebhookEndpoint;
import java.util.List;

/**
 * Webhook endpoints and their deliveries (docs/webhooks.md), typed; all need a {@code FULL} key.
 * Get it from {@link ModelRouteClient#webhooks()}. Only reads are retried. Thread-safe.
 */
public final class WebhooksApi {
  private final ModelRouteClient client;
  private final Transport transport;

  WebhooksApi(ModelRouteClient client, Transport transport) {
    this.client = client;
    this.transport = transport;
  }

  /** Registers an endpoint; the answer's {@link WebhookEndpoint#secret()} is shown this once. */
  public WebhookEndpoint create(WebhookEndpointFields fields) {
    return transport.decode(client.createWebhookEndpoint(fields), WebhookEndpoint.class);
  }

  /** The organization's endpoints. */
  public List<WebhookEndpoint> list() {
    return transport.list(client.listWebhookEndpoints(), "endpoints", WebhookEndpoint.class);
  }

  /** One endpoint (without its secret). */
  public WebhookEndpoint get(String endpointId) {
    return transport.decode(client.getWebhookEndpoint(endpointId), WebhookEndpoint.class);
  }

  /** Changes the fields set in {@code fields}; returns the endpoint. */
  public WebhookEndpoint update(String endpointId, WebhookEndpointFields fields) {
    return transport.decode(
        client.updateWebhookEndpoint(endpointId, fields), WebhookEndpoint.class);
  }

  /** Deletes an endpoint with its pending deliveries. */
  public void delete(String endpointId) {
    client.deleteWebhookEndpoint(endpointId);
  }

  /** Queues a signed {@code webhook.test} event for the endpoint; returns its delivery. */
  public WebhookDelivery sendTest(String endpointId) {
    return transport.decode(client.sendTestWebhook(endpointId), WebhookDelivery.class);
  }

  /** One page of the endpoint's deliveries, newest first (without attempt logs). */
  public Page<WebhookDelivery> deliveries(String endpointId, Integer limit, String startingAfter) {
    return transport.page(
        client.listWebhookDeliveries(endpointId, limit, startingAfter), WebhookDelivery.class);
  }

  /** One delivery with its attempt log. */
  public WebhookDelivery delivery(String endpointId, String deliveryId) {
    return transport.decode(
        client.getWebhookDelivery(endpointId, deliveryId), WebhookDelivery.class);
  }

  /** Tries a delivery again now; returns it. */
  public WebhookDelivery retryDelivery(String endpointId, String deliveryId) {
    return transport.decode(
        client.retryWebhookDelivery(endpointId, deliveryId), WebhookDelivery.class);
  }

  /**
   * Re-queues the endpoint's failed and expired deliveries of events since {@code since}; returns
   * how many.
   */
  public int recover(String endpointId, java.time.Instant since) {
    return client.recoverWebhookDeliveries(endpointId, since).path("recovered").asInt();
  }

  /**
   * The organization's default secret ({@code whsec_…}), which signs per-execution {@code
   * webhook_url} deliveries.
   */
  public String signingSecret() {
    String secret = client.getWebhookSigningSecret().path("secret").asText("");
    if (secret.isEmpty()) {
      throw transport.invalidResponse(200, "no 'secret'", null);
    }
    return secret;
  }
}
