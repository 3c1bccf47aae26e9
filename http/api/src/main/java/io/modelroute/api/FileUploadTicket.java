package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The {@code 201} answer to {@code POST /v1/files/upload} (docs/files.md): the new file's id and
 * the signed URL that takes one {@code PUT} of its bytes, without an API key, until {@code
 * expiresAt}.
 *
 * @param fileId {@code file_…}
 * @param uploadUrl the signed capability URL
 * @param expiresAt when the URL stops working
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileUploadTicket(
    @JsonProperty("file_id") String fileId,
    @JsonProperty("upload_url") String uploadUrl,
    @JsonProperty("expires_at") Instant expiresAt) {}
