package io.modelroute.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant: owns keys, executions, files, webhooks and a prepaid balance. {@link
 * OrganizationService} creates and finds them. Immutable; safe to share.
 *
 * @param id the organization's id, {@code org_…}
 * @param name its unique name
 * @param fileTtlDays default retention of its files in days, or {@code null} to keep them
 * @param createdAt when it was created
 */
public record Organization(String id, String name, Integer fileTtlDays, Instant createdAt) {
  /** Checks that the id, name and time are there. */
  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
