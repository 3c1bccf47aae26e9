package io.modelroute.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as listed: never its secret or hash.
 *
 * @param prefix the first characters of the key, for recognising it
 * @param lastUsedAt when it last authenticated a request (updated at most once a minute), or null
 */
public record ApiKey(
    String id,
    String orgId,
    String label,
    Permission permission,
    String prefix,
    Instant createdAt,
    Instant lastUsedAt) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
