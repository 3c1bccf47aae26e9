package io.modelroute.file;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the file audit trail: who (the API key, when one was involved), did what, to which
 * file, when and from where.
 *
 * @param apiKeyId the key that made the request or asked for the signed URL used; null for
 *     retention
 * @param clientIp the address the request came from; null for retention
 */
public record FileAuditEntry(
    long id,
    String orgId,
    String fileId,
    FileAuditAction action,
    String apiKeyId,
    String clientIp,
    Instant occurredAt) {
  public FileAuditEntry {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
