package io.modelroute.execution;

import io.modelroute.ErrorCode;
import java.util.Objects;

/**
 * Why an execution failed or expired: a normalized code, a message and the retryable flag.
 * Immutable.
 *
 * @param code one of the twelve execution codes of {@link io.modelroute.ErrorCode}
 * @param message a tenant-safe explanation, cut to 1000 characters
 */
public record ExecutionError(ErrorCode code, String message) {
  public ExecutionError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    if (message.length() > 1000) {
      message = message.substring(0, 1000);
    }
  }

  /** Whether the code says a new attempt may succeed. */
  public boolean retryable() {
    return code.retryable();
  }
}
