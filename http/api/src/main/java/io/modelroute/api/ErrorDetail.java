package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One problem with a request, an item of {@link ErrorBody#details()} (docs/http-api.md).
 *
 * @param field the dotted path from the body root ({@code input.width}), or a query/header name
 * @param code {@code REQUIRED}, {@code OUT_OF_RANGE}, {@code INVALID_TYPE}, {@code INVALID_VALUE},
 *     {@code UNKNOWN_FIELD}, {@code RAW_URL_NOT_ALLOWED} or {@code TOO_LONG}
 * @param message what is wrong
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorDetail(
    @JsonProperty("field") String field,
    @JsonProperty("code") String code,
    @JsonProperty("message") String message) {}
