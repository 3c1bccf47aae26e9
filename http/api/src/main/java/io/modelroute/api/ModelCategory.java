package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a model produces (docs/providers.md); lower case on the wire. */
public enum ModelCategory {
  @JsonProperty("image")
  IMAGE,
  @JsonProperty("video")
  VIDEO,
  @JsonProperty("audio")
  AUDIO,
  @JsonProperty("text")
  TEXT
}
