package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code PATCH /admin/v1/organizations/{id}} (docs/operations.md). {@code
 * file_ttl_days} is always sent: {@code null} means keep files until deleted.
 *
 * @param fileTtlDays the default retention of the organization's files, 1–365 days, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrganizationUpdateRequest(
    @JsonProperty("file_ttl_days") @JsonInclude(JsonInclude.Include.ALWAYS) Integer fileTtlDays) {}
