package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why an execution ended FAILED or EXPIRED (the {@code error} of the execution object).
 *
 * @param code one of the twelve execution codes of docs/http-api.md, a string so codes this version
 *     does not know still arrive
 * @param message what went wrong
 * @param retryable whether a new execution of the same input may succeed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionError(
    @JsonProperty("code") String code,
    @JsonProperty("message") String message,
    @JsonProperty("retryable") boolean retryable) {}
