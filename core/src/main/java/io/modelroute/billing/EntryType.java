package io.modelroute.billing;

/** Kinds of ledger entry (docs/concepts.md), {@link LedgerEntry#type()}. Immutable. */
public enum EntryType {
  /** Money added to a balance by an operator. */
  CREDIT,
  /** Money reserved for an execution at submit. */
  HOLD,
  /** The part of a hold charged when an execution completes. */
  CAPTURE,
  /** The part of a hold given back (all of it when an execution does not complete). */
  RELEASE,
  /** A signed operator correction of the balance. */
  ADJUSTMENT
}
