package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /v1/webhooks/endpoints}: the organization's endpoints, unpaginated, under {@code
 * endpoints} (not {@code data}, unlike the other lists).
 *
 * @param endpoints every endpoint, without secrets
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookEndpointList(@JsonProperty("endpoints") List<WebhookEndpoint> endpoints) {
  public WebhookEndpointList {
    endpoints = endpoints == null ? List.of() : Copies.list(endpoints);
  }
}
