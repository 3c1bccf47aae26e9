package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of a {@code webhook.test} event.
 *
 * @param endpointId {@code wh_…}, the endpoint tested
 * @param message a fixed sentence saying what it is
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestEventData(
    @JsonProperty("endpoint_id") String endpointId, @JsonProperty("message") String message) {}
