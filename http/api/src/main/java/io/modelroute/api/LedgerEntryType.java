package io.modelroute.api;

/** The kinds of entries of the append-only ledger (docs/concepts.md). */
public enum LedgerEntryType {
  CREDIT,
  HOLD,
  CAPTURE,
  RELEASE,
  ADJUSTMENT
}
