package io.modelroute.webhook;

/** Where a delivery stands ({@link WebhookDelivery#status()}). Immutable. */
public enum DeliveryStatus {
  /** Waiting for its first attempt or a retry. */
  PENDING,
  /**
   * Held while its endpoint is inactive: kept, not attempted and not expiring; it goes out when the
   * endpoint is re-activated.
   */
  PAUSED,
  /** A receiver answered 2xx. */
  SUCCEEDED,
  /** Every attempt failed, or it expired 24 hours after its event. */
  FAILED
}
