package io.modelroute.execution;

/**
 * The execution events written to the outbox with each state change (docs/webhooks.md), as {@link
 * ExecutionListener}s and webhooks receive them. Immutable.
 */
public enum EventType {
  STARTED("execution.started"),
  COMPLETED("execution.completed"),
  FAILED("execution.failed"),
  CANCELLED("execution.cancelled");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, e.g. {@code execution.completed}. */
  public String wireName() {
    return wireName;
  }

  /** The event a move into {@code status} fires; EXPIRED fires {@code execution.failed}. */
  public static EventType forTerminal(ExecutionStatus status) {
    return switch (status) {
      case COMPLETED -> COMPLETED;
      case FAILED, EXPIRED -> FAILED;
      case CANCELLED -> CANCELLED;
      default -> throw new IllegalArgumentException("not terminal: " + status);
    };
  }
}
