package io.modelroute.webhook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes to an endpoint (the body of {@code PATCH /v1/webhooks/endpoints/{id}}); a null part is
 * left as it is. Give it to {@link WebhookService#update}. Immutable; safe to share.
 *
 * @param url the new target URL, checked like a new endpoint's
 * @param description the new label; an empty string removes it
 * @param events the new subscription, replacing the old one; empty means all events
 * @param headers the new custom headers, replacing the old ones; empty removes them all
 * @param active true re-activates the endpoint (resetting its failure count), false switches it off
 */
public record WebhookEndpointPatch(
    String url,
    String description,
    List<String> events,
    Map<String, String> headers,
    Boolean active) {
  /** Copies the events and headers given. */
  public WebhookEndpointPatch {
    events = events == null ? null : List.copyOf(events);
    headers = headers == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A patch that only switches the endpoint on or off. */
  public static WebhookEndpointPatch active(boolean active) {
    return new WebhookEndpointPatch(null, null, null, null, active);
  }
}
