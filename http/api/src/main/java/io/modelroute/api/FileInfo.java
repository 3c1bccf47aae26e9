package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A stored file (docs/files.md): {@code GET /v1/files/{id}}, the answer to the upload {@code PUT}
 * and to confirm. {@code contentType}, {@code sizeBytes} and {@code sha256} are measured by the
 * server from the bytes, and {@code null} while it is {@code PENDING_UPLOAD}.
 *
 * @param id {@code file_…}: what an execution's {@code input} refers to
 * @param status whether the bytes are there
 * @param purpose why it exists
 * @param contentType detected from the bytes, e.g. {@code image/png}
 * @param sizeBytes the size
 * @param sha256 hex SHA-256 of the bytes (also the download's {@code ETag})
 * @param createdAt when the upload was requested or the output stored
 * @param expiresAt when the sweeper deletes it, or {@code null} when it is kept
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileInfo(
    @JsonProperty("id") String id,
    @JsonProperty("status") FileStatus status,
    @JsonProperty("purpose") FilePurpose purpose,
    @JsonProperty("content_type") String contentType,
    @JsonProperty("size_bytes") Long sizeBytes,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("expires_at") Instant expiresAt) {}
