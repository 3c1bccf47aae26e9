package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code data} of a {@code progress} event of an execution's event stream (docs/concepts.md).
 *
 * @param percent 0–100, as the provider reports it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProgressData(@JsonProperty("percent") int percent) {}
