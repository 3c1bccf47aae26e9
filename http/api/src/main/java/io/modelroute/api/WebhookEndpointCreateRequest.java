package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/webhooks/endpoints} (docs/webhooks.md); {@code null} parts are left
 * out and the server's defaults apply. The {@code 201} answer is the {@link WebhookEndpoint} with
 * its {@code secret}.
 *
 * @param url where deliveries go (required)
 * @param description a label, or {@code null}
 * @param events event names to receive; {@code null} or empty for all
 * @param headers custom headers sent with each delivery, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpointCreateRequest(
    @JsonProperty("url") String url,
    @JsonProperty("description") String description,
    @JsonProperty("events") List<String> events,
    @JsonProperty("headers") Map<String, String> headers) {
  public WebhookEndpointCreateRequest {
    events = Copies.list(events);
    headers = Copies.map(headers);
  }
}
