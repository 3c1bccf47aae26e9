package io.modelroute.client;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Filters and the page cursor of {@code GET /v1/executions} (docs/concepts.md List). Every part is
 * optional: a {@code null} field (or an empty metadata map) is simply not sent. Start from {@link
 * #all()} and narrow with the {@code with…} methods. Immutable.
 *
 * @param status only executions in this state ({@code PROCESSING}), or {@code null}
 * @param model only executions of this model slug, or {@code null}
 * @param limit page size 1–100 (server default 20), or {@code null}
 * @param startingAfter the cursor: an execution id from the previous page, or {@code null}
 * @param createdAfter only executions created after this instant, or {@code null}
 * @param createdBefore only executions created before this instant, or {@code null}
 * @param metadata only executions whose metadata has all these pairs; empty for no filter
 */
public record ExecutionQuery(
    String status,
    String model,
    Integer limit,
    String startingAfter,
    Instant createdAfter,
    Instant createdBefore,
    Map<String, String> metadata) {
  public ExecutionQuery {
    metadata =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
  }

  /** No filter: the newest executions, server-default page size. */
  public static ExecutionQuery all() {
    return new ExecutionQuery(null, null, null, null, null, null, Map.of());
  }

  /** This query limited to executions in {@code status}. */
  public ExecutionQuery withStatus(String status) {
    return new ExecutionQuery(
        status, model, limit, startingAfter, createdAfter, createdBefore, metadata);
  }

  /** This query limited to executions of model {@code model}. */
  public ExecutionQuery withModel(String model) {
    return new ExecutionQuery(
        status, model, limit, startingAfter, createdAfter, createdBefore, metadata);
  }

  /** This query with page size {@code limit} (1-100). */
  public ExecutionQuery withLimit(Integer limit) {
    return new ExecutionQuery(
        status, model, limit, startingAfter, createdAfter, createdBefore, metadata);
  }

  /** This query starting after execution {@code startingAfter} (a page's {@code next_cursor}). */
  public ExecutionQuery withStartingAfter(String startingAfter) {
    return new ExecutionQuery(
        status, model, limit, startingAfter, createdAfter, createdBefore, metadata);
  }

  /** This query limited to executions created after {@code createdAfter}. */
  public ExecutionQuery withCreatedAfter(Instant createdAfter) {
    return new ExecutionQuery(
        status, model, limit, startingAfter, createdAfter, createdBefore, metadata);
  }

  /** This query limited to executions created before {@code createdBefore}. */
  public ExecutionQuery withCreatedBefore(Instant createdBefore) {
    return new ExecutionQuery(
        status, model, limit, startingAfter, createdAfter, createdBefore, metadata);
  }

  /** This query limited to executions whose metadata has every pair of {@code metadata}. */
  public ExecutionQuery withMetadata(Map<String, String> metadata) {
    return new ExecutionQuery(
        status, model, limit, startingAfter, createdAfter, createdBefore, metadata);
  }
}
