package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One entry of the append-only ledger, an item of {@code GET /v1/balance/transactions} (a {@link
 * Page}, docs/concepts.md).
 *
 * @param id {@code txn_…}, also the page cursor
 * @param type what kind of entry
 * @param amount USD, exact, signed as it moves the balance
 * @param executionId the execution it belongs to, or {@code null} (credits, adjustments)
 * @param description a note, or {@code null}
 * @param createdAt when it was written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerEntry(
    @JsonProperty("id") String id,
    @JsonProperty("type") LedgerEntryType type,
    @JsonProperty("amount") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("description") String description,
    @JsonProperty("created_at") Instant createdAt) {}
