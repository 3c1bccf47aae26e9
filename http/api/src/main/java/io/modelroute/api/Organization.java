package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * An organization (docs/operations.md): the items of {@code GET /admin/v1/organizations} (a {@link
 * DataList}) and the {@code PATCH} answer carry the first four parts; {@code GET
 * /admin/v1/organizations/{id}} adds {@code balance}; the {@code 201} answer to create adds {@code
 * api_key} and {@code api_key_id} (the first key, shown this once). Parts an answer does not carry
 * are {@code null} and left out of the JSON. Keep {@code apiKey} out of logs ({@link #toString()}
 * does).
 *
 * @param id {@code org_…}
 * @param name its name
 * @param fileTtlDays the default retention of its files in days, or {@code null} to keep them
 * @param createdAt when it was created
 * @param apiKey the first API key {@code sk_…}, in the answer to create only
 * @param apiKeyId that key's id, in the answer to create only
 * @param balance its balance, in the single read only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Organization(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("file_ttl_days") Integer fileTtlDays,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("api_key") @JsonInclude(JsonInclude.Include.NON_NULL) String apiKey,
    @JsonProperty("api_key_id") @JsonInclude(JsonInclude.Include.NON_NULL) String apiKeyId,
    @JsonProperty("balance") @JsonInclude(JsonInclude.Include.NON_NULL) Balance balance) {
  /** The organization as listings show it. */
  public static Organization of(String id, String name, Integer fileTtlDays, Instant createdAt) {
    return new Organization(id, name, fileTtlDays, createdAt, null, null, null);
  }

  @Override
  public String toString() {
    return "Organization[id="
        + id
        + ", name="
        + name
        + ", fileTtlDays="
        + fileTtlDays
        + ", createdAt="
        + createdAt
        + (apiKeyId == null ? "" : ", apiKeyId=" + apiKeyId + ", apiKey=sk_…")
        + (balance == null ? "" : ", balance=" + balance)
        + "]";
  }
}
