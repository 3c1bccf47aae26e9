package io.modelroute.api;

import java.util.Arrays;
import java.util.Optional;

/** Where an execution is in the state machine of docs/concepts.md, as {@code status} names it. */
public enum ExecutionStatus {
  PENDING,
  PROCESSING,
  AWAITING_WEBHOOK,
  COMPLETED,
  FAILED,
  CANCELLED,
  EXPIRED;

  /** Whether the execution will never change again (COMPLETED, FAILED, CANCELLED or EXPIRED). */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED || this == EXPIRED;
  }

  /** The status named {@code value}, or empty for a value this version does not know. */
  public static Optional<ExecutionStatus> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
  }
}
