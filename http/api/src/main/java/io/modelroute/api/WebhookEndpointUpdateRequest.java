package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PATCH /v1/webhooks/endpoints/{id}} (docs/webhooks.md): only the parts that are
 * not {@code null} are sent, and only those change. The answer is the {@link WebhookEndpoint}.
 *
 * @param url a new delivery URL
 * @param description a new label; an empty string removes it (as does a JSON {@code null}, which
 *     this record cannot send)
 * @param events the event names to receive instead; empty for all
 * @param headers custom headers replacing the old ones
 * @param active {@code true} re-activates the endpoint (resetting its failure count), {@code false}
 *     switches it off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpointUpdateRequest(
    @JsonProperty("url") String url,
    @JsonProperty("description") String description,
    @JsonProperty("events") List<String> events,
    @JsonProperty("headers") Map<String, String> headers,
    @JsonProperty("is_active") Boolean active) {
  public WebhookEndpointUpdateRequest {
    events = Copies.list(events);
    headers = Copies.map(headers);
  }
}
