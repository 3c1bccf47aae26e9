package io.modelroute.execution;

import java.time.Instant;
import java.util.Map;

/**
 * Filters and a page for listing executions, newest first ({@link ExecutionService#list}).
 * Immutable.
 *
 * @param status only this status, or null
 * @param model only this model slug, or null
 * @param createdAfter only created strictly after, or null
 * @param createdBefore only created strictly before, or null
 * @param metadata only executions whose metadata has all these key/value pairs
 * @param limit 1–100
 * @param startingAfter the last id of the previous page, or null
 */
public record ExecutionQuery(
    ExecutionStatus status,
    String model,
    Instant createdAfter,
    Instant createdBefore,
    Map<String, String> metadata,
    int limit,
    String startingAfter) {
  /** Page size when none is given. */
  public static final int DEFAULT_LIMIT = 20;

  /** Largest page. */
  public static final int MAX_LIMIT = 100;

  public ExecutionQuery {
    metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and 100");
    }
  }

  /** Everything, first page of the default size. */
  public static ExecutionQuery all() {
    return new ExecutionQuery(null, null, null, null, Map.of(), DEFAULT_LIMIT, null);
  }
}
