package io.modelroute.execution.internal;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;

/**
 * A transition found the execution no longer where it expected it: zero rows updated, because
 * someone else (a cancel, the expiry sweeper, another node after a lease ran out) moved it first.
 * The caller must drop what it was doing with the execution; nothing was written.
 */
public final class ConcurrentTransitionException extends ModelRouteException {
  private final String executionId;

  public ConcurrentTransitionException(String executionId, String transition) {
    super(
        ErrorCode.CONFLICT,
        "Execution " + executionId + " was moved by someone else before " + transition);
    this.executionId = executionId;
  }

  /** The execution that moved. */
  public String executionId() {
    return executionId;
  }
}
