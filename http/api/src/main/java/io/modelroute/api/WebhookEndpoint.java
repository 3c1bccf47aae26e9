package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A webhook endpoint (docs/webhooks.md): {@code GET}/{@code PATCH /v1/webhooks/endpoints/{id}}, the
 * items of {@link WebhookEndpointList} and, with {@code secret}, the {@code 201} answer to create.
 * Every later read leaves {@code secret} out of the JSON ({@code null} here). Keep {@code secret}
 * out of logs ({@link #toString()} does).
 *
 * @param id {@code wh_…}
 * @param url where deliveries go
 * @param description a label, or {@code null}
 * @param events the event names it receives; empty means all
 * @param headers custom headers sent with each delivery
 * @param active whether deliveries are sent ({@code is_active}; off after repeated failures)
 * @param failureCount consecutive failed attempts
 * @param lastSuccess the last 2xx answer, or {@code null}
 * @param lastFailure the last failed attempt, or {@code null}
 * @param createdAt when it was registered
 * @param secret the signing secret {@code whsec_…}, in the answer to create only
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookEndpoint(
    @JsonProperty("id") String id,
    @JsonProperty("url") String url,
    @JsonProperty("description") String description,
    @JsonProperty("events") List<String> events,
    @JsonProperty("headers") Map<String, String> headers,
    @JsonProperty("is_active") boolean active,
    @JsonProperty("failure_count") int failureCount,
    @JsonProperty("last_success") Instant lastSuccess,
    @JsonProperty("last_failure") Instant lastFailure,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("secret") @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
  public WebhookEndpoint {
    events = events == null ? List.of() : Copies.list(events);
    headers = headers == null ? Map.of() : Copies.map(headers);
  }

  /** This endpoint without its secret. */
  public WebhookEndpoint withoutSecret() {
    return new WebhookEndpoint(
        id,
        url,
        description,
        events,
        headers,
        active,
        failureCount,
        lastSuccess,
        lastFailure,
        createdAt,
        null);
  }

  /** This endpoint with {@code secret}, as the answer to create shows it. */
  public WebhookEndpoint withSecret(String secret) {
    return new WebhookEndpoint(
        id,
        url,
        description,
        events,
        headers,
        active,
        failureCount,
        lastSuccess,
        lastFailure,
        createdAt,
        secret);
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[id="
        + id
        + ", url="
        + url
        + ", events="
        + events
        + ", active="
        + active
        + ", failureCount="
        + failureCount
        + (secret == null ? "" : ", secret=whsec_…")
        + "]";
  }
}
