package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * One page of a cursor-paginated list: {@code {data, has_more, next_cursor}} (executions, ledger
 * transactions, webhook deliveries). Pass {@link #nextCursor()} as {@code starting_after} for the
 * next page.
 *
 * @param data the items, newest first
 * @param hasMore whether there is a next page
 * @param nextCursor the id to continue after, or {@code null} when there is no next page
 * @param <T> the item type
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(
    @JsonProperty("data") List<T> data,
    @JsonProperty("has_more") boolean hasMore,
    @JsonProperty("next_cursor") String nextCursor) {
  public Page {
    data = data == null ? List.of() : Copies.list(data);
  }

  /** The cursor of the next page, when there is one. */
  public Optional<String> next() {
    return hasMore ? Optional.ofNullable(nextCursor) : Optional.empty();
  }
}
