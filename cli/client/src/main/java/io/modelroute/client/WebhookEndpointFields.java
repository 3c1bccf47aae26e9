package io.modelroute.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a webhook endpoint to send when creating ({@code POST /v1/webhooks/endpoints}) or
 * changing ({@code PATCH /v1/webhooks/endpoints/{id}}) one. A null part is not sent: on create the
 * server's default applies, on update it stays as it is. Immutable.
 *
 * @param url where deliveries go (required on create)
 * @param description a label; on update an empty string removes it
 * @param events event types to receive; empty means all
 * @param headers custom headers sent with each delivery; on update they replace the old ones
 * @param active on update, true re-activates the endpoint (resetting its failure count), false
 *     switches it off; not sent on create
 */
public record WebhookEndpointFields(
    String url,
    String description,
    List<String> events,
    Map<String, String> headers,
    Boolean active) {
  public WebhookEndpointFields {
    events = events == null ? null : List.copyOf(events);
    headers = headers == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** Nothing set yet. */
  public static WebhookEndpointFields none() {
    return new WebhookEndpointFields(null, null, null, null, null);
  }

  public WebhookEndpointFields withUrl(String v) {
    return new WebhookEndpointFields(v, description, events, headers, active);
  }

  public WebhookEndpointFields withDescription(String v) {
    return new WebhookEndpointFields(url, v, events, headers, active);
  }

  public WebhookEndpointFields withEvents(List<String> v) {
    return new WebhookEndpointFields(url, description, v, headers, active);
  }

  public WebhookEndpointFields withHeaders(Map<String, String> v) {
    return new WebhookEndpointFields(url, description, events, v, active);
  }

  public WebhookEndpointFields withActive(Boolean v) {
    return new WebhookEndpointFields(url, description, events, headers, v);
  }
}
