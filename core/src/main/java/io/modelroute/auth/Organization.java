package io.modelroute.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant: owns keys, executions, files, webhooks and a prepaid balance.
 *
 * @param fileTtlDays default retention of its files in days, or {@code null} to keep them
 */
public record Organization(String id, String name, Integer fileTtlDays, Instant createdAt) {
  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
