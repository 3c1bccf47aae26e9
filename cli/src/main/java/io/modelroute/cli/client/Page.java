package io.modelroute.cli.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a cursor-paginated list (SPEC §4 List): {@code {data, has_more, next_cursor}}. Pass
 * {@link #nextCursor()} as {@code starting_after} to get the next page. Immutable.
 *
 * @param data the items, newest first
 * @param hasMore whether there is a next page
 * @param nextCursor the cursor of the next page, or {@code null} when there is none
 * @param <T> the item type
 */
public record Page<T>(List<T> data, boolean hasMore, String nextCursor) {
  public Page {
    data = List.copyOf(Objects.requireNonNull(data, "data"));
  }

  /** The cursor of the next page, when there is one. */
  public Optional<String> next() {
    return hasMore ? Optional.ofNullable(nextCursor) : Optional.empty();
  }
}
