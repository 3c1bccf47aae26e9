package io.modelroute.webhook;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A registered webhook receiver of one organization, as every read shows it: the secret is never
 * part of it (it is returned once, by {@link WebhookService#create}). Immutable; safe to share.
 *
 * @param id the endpoint's id, {@code wh_…}
 * @param orgId the organization that registered it
 * @param url where deliveries go
 * @param description a label for people, or null
 * @param events the event types it receives; empty means all of them
 * @param headers extra headers sent with every delivery, in the order given
 * @param active whether deliveries are made; false after ten consecutive failed attempts (the rule
 *     of docs/webhooks.md) or when switched off
 * @param failureCount consecutive failed attempts since the last success or re-activation
 * @param lastSuccess the last successful attempt, or null
 * @param lastFailure the last failed attempt, or null
 * @param createdAt when it was registered
 */
public record WebhookEndpoint(
    String id,
    String orgId,
    String url,
    String description,
    List<String> events,
    Map<String, String> headers,
    boolean active,
    int failureCount,
    Instant lastSuccess,
    Instant lastFailure,
    Instant createdAt) {
  /** Checks the required components and copies the events and headers. */
  public WebhookEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(url, "url");
    events = List.copyOf(events);
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether this endpoint subscribes to {@code eventType} (an empty list subscribes to all). */
  boolean wants(String eventType) {
    return events.isEmpty() || events.contains(eventType);
  }
}
