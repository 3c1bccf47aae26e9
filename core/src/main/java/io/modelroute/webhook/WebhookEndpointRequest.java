package io.modelroute.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to register (the body of {@code POST /v1/webhooks/endpoints}); give it to {@link
 * WebhookService#create}, which validates it. Immutable; safe to share.
 *
 * @param url where deliveries go; https unless private networks are allowed
 * @param description a label for people, or null
 * @param events event types to receive, or null or empty for all
 * @param headers extra headers to send with each delivery, or null
 */
public record WebhookEndpointRequest(
    String url, String description, List<String> events, Map<String, String> headers) {
  /** Copies the events and headers, taking null for none. */
  public WebhookEndpointRequest {
    events = events == null ? List.of() : List.copyOf(events);
    headers =
        headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** An endpoint for {@code url} receiving every event. */
  public static WebhookEndpointRequest of(String url) {
    return new WebhookEndpointRequest(url, null, List.of(), Map.of());
  }
}
