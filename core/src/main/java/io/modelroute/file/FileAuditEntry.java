package io.modelroute.file;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the file audit trail: who (the API key, when one was involved), did what, to which
 * file, when and from where. {@link FileService#audit} returns them, newest first. Immutable; safe
 * to share.
 *
 * @param id the entry's number, increasing with time; pass it as {@code beforeId} for the next page
 * @param orgId the organization that owns the file
 * @param fileId the file
 * @param action what happened
 * @param apiKeyId the key that made the request or asked for the signed URL used; null for
 *     retention
 * @param clientIp the address the request came from; null for retention
 * @param occurredAt when it happened
 */
public record FileAuditEntry(
    long id,
    String orgId,
    String fileId,
    FileAuditAction action,
    String apiKeyId,
    String clientIp,
    Instant occurredAt) {
  /** Checks that the organization, file, action and time are there. */
  public FileAuditEntry {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
