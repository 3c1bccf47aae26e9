package io.modelroute.api;

/** What an API key may do (docs/http-api.md). */
public enum Permission {
  /** Everything. */
  FULL,
  /** Executions and files only; webhooks, billing and key management answer {@code 403}. */
  EXECUTION_ONLY
}
