package io.modelroute.auth;

/** What an API key may do (docs/http-api.md); see {@link Principal#requireFull()}. Immutable. */
public enum Permission {
  /** Everything: executions, files, webhooks, billing, key management. */
  FULL,
  /** Executions and files only. */
  EXECUTION_ONLY
}
