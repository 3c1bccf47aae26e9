package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A model of the catalog ({@code GET /v1/models}, {@code GET /v1/models/{slug}},
 * docs/providers.md). Never names providers.
 *
 * @param slug the id to run it by, e.g. {@code flux-1.1-pro}
 * @param category what it produces
 * @param description one line about it
 * @param inputSchema the JSON Schema its {@code input} is validated against
 * @param pricing its price
 * @param timeoutS seconds after which an unfinished execution expires
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Model(
    @JsonProperty("slug") String slug,
    @JsonProperty("category") ModelCategory category,
    @JsonProperty("description") String description,
    @JsonProperty("input_schema") Map<String, Object> inputSchema,
    @JsonProperty("pricing") ModelPricing pricing,
    @JsonProperty("timeout_s") long timeoutS) {
  public Model {
    inputSchema = Copies.map(inputSchema);
  }
}
