package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The answer to {@code POST /v1/api-keys/{id}/rotate} (docs/http-api.md): the new secret, and until
 * when the old one still works. Keep {@code newKey} out of logs ({@link #toString()} does).
 *
 * @param id the key id, unchanged by rotation
 * @param newKey the new secret {@code sk_…}, shown this once
 * @param previousKeyValidUntil when the old secret stops working (an hour later)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKeyRotated(
    @JsonProperty("id") String id,
    @JsonProperty("new_key") String newKey,
    @JsonProperty("previous_key_valid_until") Instant previousKeyValidUntil) {
  @Override
  public String toString() {
    return "ApiKeyRotated[id=" + id + ", previousKeyValidUntil=" + previousKeyValidUntil + "]";
  }
}
