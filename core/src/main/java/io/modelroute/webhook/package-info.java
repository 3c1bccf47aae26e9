/**
 * Webhooks (docs/webhooks.md): endpoints an organization registers, the fan-out of every outbox
 * event into delivery rows inside the state change's own transaction, the delivery worker that
 * claims due deliveries with leases and POSTs them signed (the {@code X-Signature} scheme and
 * Standard Webhooks) with retries, expiry and endpoint deactivation, the egress rules that keep
 * deliveries away from private and metadata addresses, and {@link
 * io.modelroute.webhook.WebhookVerifier} for receivers. The API is {@link
 * io.modelroute.webhook.WebhookService} ({@code ModelRoute.webhooks()}), the records it takes and
 * returns, {@link io.modelroute.webhook.WebhookSettings}, {@link
 * io.modelroute.webhook.DeliveryWorker} for driving deliveries by hand, and the verifier; {@link
 * io.modelroute.webhook.Webhooks} is internal wiring for {@code ModelRoute}.
 */
package io.modelroute.webhook;
