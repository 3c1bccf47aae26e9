package io.modelroute.execution;

/**
 * Hears about execution changes after they commit, on this node. Used to wake the dispatcher and
 * waiting clients; register one with {@link ExecutionService#addListener}. Called from engine
 * threads, possibly several at once: implementations must be thread-safe, fast, and must not throw.
 */
public interface ExecutionListener {
  /** A new execution was stored. */
  default void created(Execution execution) {}

  /** An execution moved; {@code type} is the event it fired. */
  default void changed(Execution execution, EventType type) {}
}
