package io.modelroute.idempotency.internal;

import java.time.Instant;

/**
 * Internal: not API, may change without notice. A stored idempotency key, as {@link
 * JdbiIdempotencyStore#find} reads it. Immutable.
 *
 * @param statusCode the first response's status, or null while that request is in flight
 * @param responseBody the first response's body, or null while in flight
 */
public record IdempotencyRecord(
    String orgId,
    String key,
    String requestHash,
    Integer statusCode,
    String responseBody,
    Instant expiresAt) {
  public boolean isComplete() {
    return statusCode != null;
  }
}
