package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/api-keys} (docs/http-api.md); both parts are optional and left out
 * when {@code null}.
 *
 * @param label a name for the key, or {@code null}
 * @param permission {@code FULL} when {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyCreateRequest(
    @JsonProperty("label") String label, @JsonProperty("permission") Permission permission) {}
