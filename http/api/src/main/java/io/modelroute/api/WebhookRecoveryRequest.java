package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The body of {@code POST /v1/webhooks/endpoints/{id}/recover} (docs/webhooks.md).
 *
 * @param since re-queue the failed and expired deliveries of events from this time on (required)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookRecoveryRequest(@JsonProperty("since") Instant since) {}
