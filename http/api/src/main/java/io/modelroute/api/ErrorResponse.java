package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every error response of the API: {@code {"error": {code, message, retryable, request_id,
 * details}}} (SPEC §3).
 *
 * @param error what went wrong
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponse(@JsonProperty("error") ErrorBody error) {}
