package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /admin/v1/nodes} (docs/operations.md): the nodes registered with the database.
 *
 * @param data the nodes
 * @param staleAfterSeconds silence after which a running node counts as {@code STALE}
 * @param sharedLimits whether rate limits and concurrency permits are shared through the database
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Nodes(
    @JsonProperty("data") List<Node> data,
    @JsonProperty("stale_after_seconds") long staleAfterSeconds,
    @JsonProperty("shared_limits") boolean sharedLimits) {
  public Nodes {
    data = data == null ? List.of() : Copies.list(data);
  }
}
