package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a model produces (SPEC §9); lower case on the wire. */
public enum ModelCategory {
  @JsonProperty("image") IMAGE,
  @JsonProperty("video") VIDEO,
  @JsonProperty("audio") AUDIO,
  @JsonProperty("text") TEXT
}
