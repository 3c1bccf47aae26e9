package io.modelroute.billing;

import io.modelroute.Money;
import java.time.Instant;
import java.util.Objects;

/**
 * One append-only ledger line.
 *
 * @param executionId the execution a HOLD/CAPTURE/RELEASE belongs to, or null
 */
public record LedgerEntry(
    long id,
    String orgId,
    EntryType type,
    Money amount,
    String executionId,
    String description,
    Instant createdAt) {
  public LedgerEntry {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
