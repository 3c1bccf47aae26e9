package io.modelroute.cli.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the append-only ledger ({@code GET /v1/balance/transactions}, SPEC §5). Immutable.
 *
 * @param id {@code txn_…}, also the page cursor
 * @param type {@code CREDIT}, {@code HOLD}, {@code CAPTURE}, {@code RELEASE} or {@code ADJUSTMENT}
 * @param amount USD, exact
 * @param executionId the execution it belongs to, or {@code null} (credits, adjustments)
 * @param description a note, or {@code null}
 * @param createdAt when it was written
 */
public record LedgerTransaction(
    String id, String type, BigDecimal amount, String executionId, String description, Instant createdAt) {
  public LedgerTransaction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(amount, "amount");
  }
}
