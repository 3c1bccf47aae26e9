package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /v1/webhooks/signing-secret} (docs/webhooks.md): the organization's default secret,
 * which signs per-execution {@code webhook_url} deliveries. Keep it out of logs ({@link
 * #toString()} does).
 *
 * @param secret {@code whsec_…}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookSigningSecret(@JsonProperty("secret") String secret) {
  @Override
  public String toString() {
    return "WebhookSigningSecret[secret=whsec_…]";
  }
}
