package io.modelroute.billing;

import io.modelroute.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * One append-only ledger line, as {@link BillingService#transactions} lists them. Immutable; safe
 * to share.
 *
 * @param id the row id, increasing with time; {@link BillingService#transactionId} gives the public
 *     {@code txn_…} id
 * @param orgId the organization whose balance it changes
 * @param type what kind of entry it is
 * @param amount how much
 * @param executionId the execution a HOLD/CAPTURE/RELEASE belongs to, or null
 * @param description a note (an operator's, for CREDIT and ADJUSTMENT), or null
 * @param createdAt when it was written
 */
public record LedgerEntry(
    long id,
    String orgId,
    EntryType type,
    Money amount,
    String executionId,
    String description,
    Instant createdAt) {
  /** Checks that the required components are there. */
  public LedgerEntry {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
