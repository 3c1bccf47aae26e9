package io.modelroute.cli.client;

import java.util.Arrays;
import java.util.Optional;

/** The states of an execution (SPEC §4 state machine), as they appear in {@code status}. */
public enum ExecutionStatus {
  PENDING,
  PROCESSING,
  AWAITING_WEBHOOK,
  COMPLETED,
  FAILED,
  CANCELLED,
  EXPIRED;

  /** Whether the execution will never change again. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED || this == EXPIRED;
  }

  /** The status named {@code value}, or empty for a value this client does not know. */
  public static Optional<ExecutionStatus> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
  }
}
