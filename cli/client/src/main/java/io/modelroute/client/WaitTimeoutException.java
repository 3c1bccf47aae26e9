package io.modelroute.client;

import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Waiting for an execution ran out of time before it reached a terminal state. The execution is not
 * cancelled: it keeps running on the server, and {@link ExecutionsApi#get} or another {@link
 * ExecutionsApi#waitFor} will see how it ends. Immutable.
 */
public final class WaitTimeoutException extends RuntimeException {
  private final String executionId;
  private final Duration timeout;
  private final transient Execution lastSeen;

  /**
   * Creates the exception.
   *
   * @param executionId the execution waited for, or {@code null} when its submission never answered
   * @param timeout how long the caller was willing to wait
   * @param lastSeen the execution as last seen, or {@code null} when it was never seen
   */
  public WaitTimeoutException(String executionId, Duration timeout, Execution lastSeen) {
    super(message(executionId, timeout, lastSeen));
    this.executionId = executionId;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.lastSeen = lastSeen;
  }

  private static String message(String executionId, Duration timeout, Execution lastSeen) {
    String waited = "after " + seconds(timeout);
    if (executionId == null) {
      return "the execution was not accepted " + waited;
    }
    return executionId
        + " is still "
        + (lastSeen == null ? "running" : lastSeen.status().name())
        + " "
        + waited
        + "; it keeps running on the server";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** The execution waited for; empty when its submission never got an answer. */
  public Optional<String> executionId() {
    return Optional.ofNullable(executionId);
  }

  /** How long the caller waited. */
  public Duration timeout() {
    return timeout;
  }

  /** The execution as last seen before the deadline, when it was seen at all. */
  public Optional<Execution> lastSeen() {
    return Optional.ofNullable(lastSeen);
  }

  /** The status last seen, when the execution was seen at all. */
  public Optional<ExecutionStatus> lastStatus() {
    return lastSeen().map(Execution::status);
  }
}
