package io.modelroute.file;

import java.time.Instant;
import java.util.Objects;

/**
 * A file record, as {@link FileService} returns it. {@code storageKey} is internal: it never leaves
 * the server. Immutable; safe to share.
 *
 * @param id the file's id, {@code file_…}
 * @param orgId the organization that owns it
 * @param purpose INPUT, UPLOAD or OUTPUT
 * @param status PENDING_UPLOAD or READY
 * @param contentType detected from the bytes, or null before upload
 * @param sizeBytes the size in bytes, or null before upload
 * @param sha256 the SHA-256 of the bytes (lower-case hex), or null before upload
 * @param storageKey where the {@link FileStore} keeps the bytes
 * @param executionId the execution that produced an OUTPUT file, or null
 * @param width an image's or video's width in pixels when known, or null
 * @param height an image's or video's height in pixels when known, or null
 * @param createdAt when the file (or its upload URL) was created
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
  /** Checks that the required components are there. */
  public StoredFile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(storageKey, "storageKey");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether the bytes are uploaded (status READY). */
  public boolean isReady() {
    return "READY".equals(status);
  }
}
