package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * An API key (docs/http-api.md): an item of {@code GET /v1/api-keys} (a {@link DataList}) and, with
 * its secret in {@code key}, the {@code 201} answer to {@code POST /v1/api-keys}. Listings never
 * carry the secret: {@code key} is {@code null} there and left out of the JSON. Keep {@code key}
 * out of logs ({@link #toString()} does).
 *
 * @param id {@code key_…}
 * @param label a name, or {@code null}
 * @param permission what it may do
 * @param prefix the first characters of the secret, to recognise it
 * @param createdAt when it was created
 * @param lastUsedAt when it last authenticated a request, or {@code null}
 * @param key the secret {@code sk_…}, only in the answer to create
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKey(
    @JsonProperty("id") String id,
    @JsonProperty("label") String label,
    @JsonProperty("permission") Permission permission,
    @JsonProperty("prefix") String prefix,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("last_used_at") Instant lastUsedAt,
    @JsonProperty("key") @JsonInclude(JsonInclude.Include.NON_NULL) String key) {
  @Override
  public String toString() {
    return "ApiKey[id="
        + id
        + ", label="
        + label
        + ", permission="
        + permission
        + ", prefix="
        + prefix
        + ", createdAt="
        + createdAt
        + ", lastUsedAt="
        + lastUsedAt
        + (key == null ? "" : ", key=" + prefix + "…")
        + "]";
  }
}
