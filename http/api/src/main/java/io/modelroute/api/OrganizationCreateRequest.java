package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * The body of {@code POST /admin/v1/organizations} (docs/operations.md). The {@code 201} answer is
 * the {@link Organization} with its first key in {@code api_key} and {@code api_key_id}.
 *
 * @param name the organization's name (required)
 * @param credit a starting credit in USD, sent as a string ({@code "25.00"}), or {@code null} for
 *     none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrganizationCreateRequest(
    @JsonProperty("name") String name,
    @JsonProperty("credit") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal credit) {}
