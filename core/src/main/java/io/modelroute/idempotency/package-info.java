/**
 * Idempotency keys (docs/concepts.md): the first request's response stored in the same transaction
 * as its effects, replayed for identical repeats, refused for a different request under the same
 * key. Exactly-once comes from the primary key, not from read-then-write. {@link
 * io.modelroute.idempotency.RequestFingerprint} is the one public type: what makes two requests
 * "the same"; the store lives in {@code io.modelroute.idempotency.internal}.
 */
package io.modelroute.idempotency;
