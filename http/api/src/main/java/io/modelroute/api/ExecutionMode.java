package io.modelroute.api;

/**
 * How {@code POST /v1/executions} answers (docs/concepts.md): at once, after waiting, or as an
 * event stream.
 */
public enum ExecutionMode {
  /** {@code 202} at once (the default). */
  ASYNC,
  /** Waits up to 60 s: {@code 200} with the execution if it ended, else {@code 202}. */
  SYNC,
  /** The answer is the execution's {@code text/event-stream}. */
  STREAMING
}
