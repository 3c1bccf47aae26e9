package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /admin/v1/files/audit}: a page of the file audit trail, newest first, paged by entry
 * id ({@code next_before}, not {@code next_cursor}).
 *
 * @param data the entries
 * @param hasMore whether there are older entries
 * @param nextBefore the {@code before} of the next page, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileAuditPage(
    @JsonProperty("data") List<FileAuditEntry> data,
    @JsonProperty("has_more") boolean hasMore,
    @JsonProperty("next_before") Long nextBefore) {
  public FileAuditPage {
    data = data == null ? List.of() : Copies.list(data);
  }
}
