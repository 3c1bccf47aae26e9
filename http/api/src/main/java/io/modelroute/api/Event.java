package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The envelope of a webhook delivery and of an execution event in the outbox (docs/webhooks.md):
 * {@code data} is the full {@link Execution} for {@code execution.*} events and a {@link
 * TestEventData} for {@code webhook.test}. {@code event_type} and {@code type} carry the same name.
 *
 * @param id {@code evt_…}, the same on every delivery of the event
 * @param eventType the event name ({@link EventType#wireName()})
 * @param type the same name again
 * @param timestamp when it happened
 * @param version the envelope version, {@code 1.0}
 * @param organizationId {@code org_…}
 * @param executionId {@code exec_…}, or {@code null} for a test event
 * @param data the event's object
 * @param <D> the type of {@code data}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Event<D>(
    @JsonProperty("id") String id,
    @JsonProperty("event_type") String eventType,
    @JsonProperty("type") String type,
    @JsonProperty("timestamp") Instant timestamp,
    @JsonProperty("version") String version,
    @JsonProperty("organization_id") String organizationId,
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("data") D data) {
  /** The envelope version this server writes. */
  public static final String VERSION = "1.0";
}
