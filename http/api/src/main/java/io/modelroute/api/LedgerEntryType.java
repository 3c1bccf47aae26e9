package io.modelroute.api;

/** The kinds of entries of the append-only ledger (SPEC §5). */
public enum LedgerEntryType {
  CREDIT,
  HOLD,
  CAPTURE,
  RELEASE,
  ADJUSTMENT
}
