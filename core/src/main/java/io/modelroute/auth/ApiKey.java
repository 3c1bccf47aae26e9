package io.modelroute.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as listed ({@link ApiKeyService#list}): never its secret or hash. Immutable; safe to
 * share.
 *
 * @param id the key's id, {@code key_…}
 * @param orgId the organization it belongs to
 * @param label a label for people, or null
 * @param permission what it may do
 * @param prefix the first characters of the key, for recognising it
 * @param lastUsedAt when it last authenticated a request (updated at most once a minute), or null
 * @param createdAt when it was created
 */
public record ApiKey(
    String id,
    String orgId,
    String label,
    Permission permission,
    String prefix,
    Instant createdAt,
    Instant lastUsedAt) {
  /** Checks that the required components are there. */
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
