package io.modelroute.cli.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer to {@code POST /v1/api-keys/{id}/rotate} (SPEC §2): the new secret, and until when
 * the old one still works. Immutable; keep {@code newKey} out of logs.
 *
 * @param id the key id (unchanged by rotation)
 * @param newKey the new secret, {@code sk_…}, shown this once
 * @param previousKeyValidUntil when the old secret stops working (an hour later)
 */
public record RotatedApiKey(String id, String newKey, Instant previousKeyValidUntil) {
  public RotatedApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(newKey, "newKey");
  }

  @Override
  public String toString() {
    return "RotatedApiKey[id=" + id + ", previousKeyValidUntil=" + previousKeyValidUntil + "]";
  }
}
