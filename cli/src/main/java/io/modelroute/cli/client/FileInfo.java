package io.modelroute.cli.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored file ({@code GET /v1/files/{id}}, SPEC §7). {@code contentType}, {@code sizeBytes} and
 * {@code sha256} are measured by the server from the bytes, and {@code null} while it is {@code
 * PENDING_UPLOAD}. Immutable.
 *
 * @param id {@code file_…}: what an execution's {@code input} refers to
 * @param status {@code PENDING_UPLOAD} or {@code READY}
 * @param purpose {@code INPUT}, {@code UPLOAD} or {@code OUTPUT}
 * @param contentType detected from the bytes, e.g. {@code image/png}
 * @param sizeBytes the size
 * @param sha256 hex SHA-256 of the bytes
 * @param createdAt when the upload was requested or the output stored
 * @param expiresAt when the sweeper deletes it
 */
public record FileInfo(
    String id, String status, String purpose, String contentType, Long sizeBytes, String sha256,
    Instant createdAt, Instant expiresAt) {
  public FileInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
  }
}
