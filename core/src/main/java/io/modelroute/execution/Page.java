package io.modelroute.execution;

import java.util.List;

/**
 * One page of a cursor-paginated list, newest first. Immutable.
 *
 * @param data the items of this page
 * @param hasMore whether more items follow this page
 * @param nextCursor the id to pass as {@code starting_after} for the next page, or null
 */
public record Page<T>(List<T> data, boolean hasMore, String nextCursor) {
  public Page {
    data = List.copyOf(data);
  }
}
