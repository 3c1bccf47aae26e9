package io.modelroute.api;

/** Where a webhook delivery stands (docs/webhooks.md). */
public enum DeliveryStatus {
  /** Queued or waiting for its next attempt. */
  PENDING,
  /** Held back while its endpoint is inactive. */
  PAUSED,
  /** The receiver answered 2xx. */
  SUCCEEDED,
  /** Given up: out of attempts or past its expiry. */
  FAILED
}
