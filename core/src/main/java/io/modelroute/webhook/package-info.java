/**
 * Webhooks (docs/webhooks.md): endpoints an organization registers, the fan-out of every outbox
 * event into delivery rows inside the state change's own transaction, the delivery worker that
 * claims due deliveries with leases and POSTs them signed (the {@code X-Signature} scheme and
 * Standard Webhooks) with retries, expiry and endpoint deactivation, the egress rules that keep
 * deliveries away from private and metadata addresses, and {@link
 * io.modelroute.webhook.WebhookVerifier} for receivers.
 */
package io.modelroute.webhook;
