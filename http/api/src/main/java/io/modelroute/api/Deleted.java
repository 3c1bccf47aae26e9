package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code DELETE /v1/files/{id}} and {@code DELETE /v1/webhooks/endpoints/{id}}.
 *
 * @param id the id deleted
 * @param deleted always {@code true}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Deleted(@JsonProperty("id") String id, @JsonProperty("deleted") boolean deleted) {}
