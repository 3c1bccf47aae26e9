package io.modelroute.cli.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed download URL ({@code GET /v1/files/{id}/url}, SPEC §7): anyone holding it can GET the
 * bytes until {@code expiresAt}, without an API key. Immutable.
 *
 * @param url the signed URL
 * @param expiresAt when it stops working (an hour after issue)
 * @param contentType the file's content type
 * @param sizeBytes the file's size
 */
public record FileUrl(String url, Instant expiresAt, String contentType, Long sizeBytes) {
  public FileUrl {
    Objects.requireNonNull(url, "url");
  }
}
