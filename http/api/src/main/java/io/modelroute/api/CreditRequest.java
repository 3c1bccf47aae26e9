package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * The body of {@code POST /admin/v1/organizations/{id}/credit} (docs/operations.md); the answer is
 * the new {@link Balance}.
 *
 * @param amount USD to add, sent as a string ({@code "25.00"}, at most 6 decimals)
 * @param description a note for the ledger, or {@code null} (left out)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreditRequest(
    @JsonProperty("amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    @JsonProperty("description") @JsonInclude(JsonInclude.Include.NON_NULL) String description) {}
