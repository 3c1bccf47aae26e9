package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /admin/v1/queue}: the unfinished executions of every organization (the whole cluster's
 * queue, read from the database).
 *
 * @param pending executions waiting for their first attempt
 * @param processing executions being attempted, retried or polled
 * @param awaitingWebhook executions whose provider will call back
 * @param total all three together
 * @param dueNow executions due now that no node holds a live lease on: waiting for a worker
 * @param byModel the same counts per model, by slug
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueueDepth(
    @JsonProperty("pending") long pending,
    @JsonProperty("processing") long processing,
    @JsonProperty("awaiting_webhook") long awaitingWebhook,
    @JsonProperty("total") long total,
    @JsonProperty("due_now") long dueNow,
    @JsonProperty("by_model") List<ModelQueueDepth> byModel) {
  public QueueDepth {
    byModel = byModel == null ? List.of() : Copies.list(byModel);
  }
}
