package io.modelroute.cli.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A webhook endpoint (SPEC §8). {@code secret} ({@code whsec_…}) is only in the answer to create;
 * every later read has {@code null} there. Immutable; keep {@code secret} out of logs.
 *
 * @param id {@code wh_…}
 * @param url where deliveries go
 * @param description a label, or {@code null}
 * @param events the event types it receives; empty means all
 * @param headers custom headers sent with each delivery
 * @param active whether deliveries are sent ({@code is_active}; off after 10 failures in a row)
 * @param failureCount consecutive failed attempts
 * @param lastSuccess the last 2xx answer, or {@code null}
 * @param lastFailure the last failed attempt, or {@code null}
 * @param createdAt when it was registered
 * @param secret the signing secret, on create only
 */
public record WebhookEndpoint(
    String id,
    String url,
    String description,
    List<String> events,
    Map<String, String> headers,
    @JsonProperty("is_active") boolean active,
    int failureCount,
    Instant lastSuccess,
    Instant lastFailure,
    Instant createdAt,
    String secret) {
  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    events = events == null ? List.of() : List.copyOf(events);
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[id=" + id + ", url=" + url + ", events=" + events + ", active=" + active
        + ", failureCount=" + failureCount + (secret == null ? "" : ", secret=whsec_…") + "]";
  }
}
