package io.modelroute.execution;

/** How the client wants to hear about the result (docs/concepts.md). Immutable. */
public enum ExecutionMode {
  /** 202 at once; poll, webhook or stream later. */
  ASYNC,
  /** The request waits, up to a limit, for a terminal state. */
  SYNC,
  /** The response is the execution's event stream. */
  STREAMING
}
