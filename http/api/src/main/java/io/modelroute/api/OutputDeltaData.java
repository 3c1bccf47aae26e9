package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of an {@code output.delta} event of an execution's event stream: the next chunk
 * of a streaming text model's output.
 *
 * @param text the chunk
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputDeltaData(@JsonProperty("text") String text) {}
