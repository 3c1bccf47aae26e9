package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every error response of the API: {@code {"error": {code, message, retryable, request_id,
 * details}}} (docs/http-api.md).
 *
 * @param error what went wrong
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponse(@JsonProperty("error") ErrorBody error) {}
