package io.modelroute.cli.client;

import java.util.Objects;

/**
 * Why an execution ended FAILED or EXPIRED: one of the twelve codes of SPEC §3 ({@code
 * GENERATION_FAILED}, {@code GENERATION_TIMEOUT}, …), the message and whether submitting the same
 * input again may succeed. Immutable.
 *
 * @param code the error code, as a string so codes this client does not know still arrive
 * @param message what went wrong
 * @param retryable whether a new execution of the same input may succeed
 */
public record ExecutionError(String code, String message, boolean retryable) {
  public ExecutionError {
    Objects.requireNonNull(code, "code");
    message = message == null ? "" : message;
  }
}
