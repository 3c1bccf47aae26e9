package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A signed download URL ({@code GET /v1/files/{id}/url}, docs/files.md): anyone holding it can GET
 * the bytes until {@code expiresAt}, without an API key.
 *
 * @param url the signed URL
 * @param expiresAt when it stops working (an hour after issue)
 * @param contentType the file's content type
 * @param sizeBytes the file's size
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileUrl(
    @JsonProperty("url") String url,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("content_type") String contentType,
    @JsonProperty("size_bytes") Long sizeBytes) {}
