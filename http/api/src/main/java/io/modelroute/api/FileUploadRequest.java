package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/files/upload} (docs/files.md): {@code {purpose, ttl_days?}}, or the
 * older {@code {filename, content_type, size_bytes}} (then {@code purpose} defaults to {@code
 * INPUT}; the server checks their shape and otherwise ignores them: type and size are measured from
 * the bytes). {@code null} parts are left out.
 *
 * @param purpose {@code INPUT} or {@code UPLOAD}
 * @param ttlDays days to keep the file, 1–365, or {@code null} for the organization's default
 * @param filename older body only, or {@code null}
 * @param contentType older body only, or {@code null}
 * @param sizeBytes older body only, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileUploadRequest(
    @JsonProperty("purpose") FilePurpose purpose,
    @JsonProperty("ttl_days") Integer ttlDays,
    @JsonProperty("filename") String filename,
    @JsonProperty("content_type") String contentType,
    @JsonProperty("size_bytes") Long sizeBytes) {
  /** The newer body. */
  public static FileUploadRequest of(FilePurpose purpose, Integer ttlDays) {
    return new FileUploadRequest(purpose, ttlDays, null, null, null);
  }
}
