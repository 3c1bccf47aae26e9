package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An unpaginated list: {@code {"data": [...]}} ({@code GET /v1/models}, {@code GET /v1/api-keys},
 * {@code GET /admin/v1/organizations}).
 *
 * @param data the items
 * @param <T> the item type
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataList<T>(@JsonProperty("data") List<T> data) {
  public DataList {
    data = data == null ? List.of() : Copies.list(data);
  }
}
