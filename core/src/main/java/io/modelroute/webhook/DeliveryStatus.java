package io.modelroute.webhook;

/** Where a delivery stands. */
public enum DeliveryStatus {
  /** Waiting for its first attempt or a retry (or for its endpoint to be re-activated). */
  PENDING,
  /** A receiver answered 2xx. */
  SUCCEEDED,
  /** Every attempt failed, or it expired 24 hours after its event. */
  FAILED
}
