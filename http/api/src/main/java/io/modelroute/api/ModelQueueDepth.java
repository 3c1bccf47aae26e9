package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One model's unfinished executions, an item of {@link QueueDepth#byModel()}.
 *
 * @param model the model slug
 * @param pending see {@link QueueDepth}
 * @param processing see {@link QueueDepth}
 * @param awaitingWebhook see {@link QueueDepth}
 * @param total all three together
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelQueueDepth(
    @JsonProperty("model") String model,
    @JsonProperty("pending") long pending,
    @JsonProperty("processing") long processing,
    @JsonProperty("awaiting_webhook") long awaitingWebhook,
    @JsonProperty("total") long total) {}
