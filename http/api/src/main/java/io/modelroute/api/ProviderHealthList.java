package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /admin/v1/providers}: how every configured provider is doing on the node that answers
 * (circuit breakers, bulkheads and the failure memory are per node).
 *
 * @param nodeId the node that answered
 * @param recentErrorsKept how many failed attempts per provider a node remembers
 * @param data the providers, by name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderHealthList(
    @JsonProperty("node_id") String nodeId,
    @JsonProperty("recent_errors_kept") int recentErrorsKept,
    @JsonProperty("data") List<ProviderHealth> data) {
  public ProviderHealthList {
    data = data == null ? List.of() : Copies.list(data);
  }
}
