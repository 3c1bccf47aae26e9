package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a model is priced (docs/concepts.md); lower case on the wire. */
public enum PricingUnit {
  @JsonProperty("per_run")
  PER_RUN,
  @JsonProperty("per_second")
  PER_SECOND,
  @JsonProperty("per_megapixel")
  PER_MEGAPIXEL,
  /** {@code input_price} and {@code output_price} per 1 000 tokens. */
  @JsonProperty("per_1k_tokens")
  PER_1K_TOKENS
}
