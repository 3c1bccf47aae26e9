package io.modelroute.file;

import java.time.Instant;
import java.util.Objects;

/**
 * A file record. {@code storageKey} is internal: it never leaves the server.
 *
 * @param purpose INPUT, UPLOAD or OUTPUT
 * @param status PENDING_UPLOAD or READY
 * @param contentType detected from the bytes, or null before upload
 * @param expiresAt when retention deletes it, or null to keep it
 */
public record StoredFile(
    String id,
    String orgId,
    String purpose,
    String status,
    String contentType,
    Long sizeBytes,
    String sha256,
    String storageKey,
    String executionId,
    Integer width,
    Integer height,
    Instant createdAt,
    Instant expiresAt) {
  public StoredFile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(storageKey, "storageKey");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean isReady() {
    return "READY".equals(status);
  }
}
