package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One entry of the file audit trail, an item of {@link FileAuditPage}.
 *
 * @param id the entry id (the {@code before} cursor)
 * @param organizationId {@code org_…}
 * @param fileId {@code file_…}
 * @param action {@code UPLOAD_URL_ISSUED}, {@code UPLOADED}, {@code DOWNLOAD_URL_ISSUED}, {@code
 *     DOWNLOADED}, {@code DELETED}, …
 * @param apiKeyId the key that acted, or {@code null}
 * @param clientIp the caller's address, or {@code null}
 * @param occurredAt when (with the stored sub-second precision)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileAuditEntry(
    @JsonProperty("id") long id,
    @JsonProperty("organization_id") String organizationId,
    @JsonProperty("file_id") String fileId,
    @JsonProperty("action") String action,
    @JsonProperty("api_key_id") String apiKeyId,
    @JsonProperty("client_ip") String clientIp,
    @JsonProperty("occurred_at") Instant occurredAt) {}
