package io.modelroute.cli.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer to {@code POST /v1/files/upload} (SPEC §7): the new file's id and the signed URL that
 * takes one {@code PUT} of its bytes, without an API key, until {@code expiresAt}. Immutable.
 *
 * @param fileId {@code file_…}
 * @param uploadUrl the signed capability URL
 * @param expiresAt when the URL stops working
 */
public record FileUpload(String fileId, String uploadUrl, Instant expiresAt) {
  public FileUpload {
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(uploadUrl, "uploadUrl");
  }
}
