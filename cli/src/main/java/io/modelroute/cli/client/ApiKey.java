package io.modelroute.cli.client;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as listed ({@code GET /v1/api-keys}, SPEC §2): never the secret. Immutable.
 *
 * @param id {@code key_…}
 * @param label a name, or {@code null}
 * @param permission {@code FULL} or {@code EXECUTION_ONLY}
 * @param prefix the first characters of the secret, to recognise it
 * @param createdAt when it was created
 * @param lastUsedAt when it last authenticated a request, or {@code null}
 */
public record ApiKey(String id, String label, String permission, String prefix, Instant createdAt, Instant lastUsedAt) {
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(permission, "permission");
  }
}
