package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The {@code 202} answer to {@code POST /v1/webhooks/endpoints/{id}/recover} (docs/webhooks.md).
 *
 * @param endpointId {@code wh_…}
 * @param since the {@code since} asked for, to the second
 * @param recovered how many deliveries were queued again
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookRecovery(
    @JsonProperty("endpoint_id") String endpointId,
    @JsonProperty("since") Instant since,
    @JsonProperty("recovered") int recovered) {}
