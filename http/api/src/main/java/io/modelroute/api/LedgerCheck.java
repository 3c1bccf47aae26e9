package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /admin/v1/ledger/check} (docs/operations.md): whether every balance equals its ledger.
 *
 * @param ok whether no organization violates the invariant
 * @param violatingOrganizations the ids of those that do
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerCheck(
    @JsonProperty("ok") boolean ok,
    @JsonProperty("violating_organizations") List<String> violatingOrganizations) {
  public LedgerCheck {
    violatingOrganizations =
        violatingOrganizations == null ? List.of() : Copies.list(violatingOrganizations);
  }
}
