package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code DELETE /v1/api-keys/{id}} (docs/http-api.md). Files and webhook endpoints
 * answer a {@link Deleted} instead.
 *
 * @param id the key id
 * @param revoked always {@code true}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKeyRevoked(
    @JsonProperty("id") String id, @JsonProperty("revoked") boolean revoked) {}
