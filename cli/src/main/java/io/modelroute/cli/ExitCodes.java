package io.modelroute.cli;

import io.modelroute.api.ErrorCode;
import io.modelroute.client.ModelRouteApiException;
import io.modelroute.client.WaitTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The process exit codes of {@code modelroute}, and the one mapping from API errors to them. */
final class ExitCodes {
  static final int OK = 0;

  /** An unexpected failure: a bug, an unwritable output file, a malformed server response. */
  static final int INTERNAL = 1;

  /** A bad option or argument, or a missing API key (picocli's usage code). */
  static final int USAGE = 2;

  static final int AUTH = 3;

  /** The server rejected the request: INPUT_VALIDATION_ERROR and any other 4xx not listed here. */
  static final int REJECTED = 4;

  static final int INSUFFICIENT_BALANCE = 5;
  static final int NOT_FOUND = 6;

  /** Under {@code run --wait}: the execution ended FAILED, EXPIRED or CANCELLED. */
  static final int EXECUTION_UNSUCCESSFUL = 7;

  /**
   * Retryable: server error or overload, rate limit, unreachable server, {@code --wait} timeout.
   */
  static final int UNAVAILABLE = 8;

  private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

  static {
    DESCRIPTIONS.put("0", "success");
    DESCRIPTIONS.put("1", "unexpected error (e.g. output file not writable)");
    DESCRIPTIONS.put("2", "usage error: bad option or argument, missing API key");
    DESCRIPTIONS.put("3", "UNAUTHORIZED or FORBIDDEN: key unknown, revoked or lacking permission");
    DESCRIPTIONS.put("4", "request rejected: INPUT_VALIDATION_ERROR, CONFLICT or another 4xx");
    DESCRIPTIONS.put("5", "INSUFFICIENT_BALANCE");
    DESCRIPTIONS.put("6", "NOT_FOUND");
    DESCRIPTIONS.put("7", "run --wait: the execution ended FAILED, EXPIRED or CANCELLED");
    DESCRIPTIONS.put(
        "8", "retryable: server unreachable or unavailable, rate limited, 5xx, --wait timeout");
  }

  private ExitCodes() {}

  /** The exit code for a failed API request. */
  static int of(ModelRouteApiException e) {
    ErrorCode known = e.errorCode().orElse(null);
    if (known == ErrorCode.UNAUTHORIZED || known == ErrorCode.FORBIDDEN) {
      return AUTH;
    }
    if (known == ErrorCode.INSUFFICIENT_BALANCE) {
      return INSUFFICIENT_BALANCE;
    }
    if (known == ErrorCode.NOT_FOUND) {
      return NOT_FOUND;
    }
    if (known == null) {
      // A body without an error code: fall back on the status.
      switch (e.httpStatus()) {
        case 401, 403 -> {
          return AUTH;
        }
        case 402 -> {
          return INSUFFICIENT_BALANCE;
        }
        case 404 -> {
          return NOT_FOUND;
        }
        default -> {}
      }
    }
    if (e.retryable() || e.httpStatus() == 0 || e.httpStatus() >= 500) {
      return UNAVAILABLE;
    }
    if (e.httpStatus() >= 400) {
      return REJECTED;
    }
    return INTERNAL;
  }

  /** The exit code when {@code run --wait} gave up at its {@code --timeout}: retryable. */
  static int of(WaitTimeoutException e) {
    return UNAVAILABLE;
  }

  /** Lists the exit codes in a command's help. */
  static void document(UsageMessageSpec usage) {
    usage.exitCodeListHeading("%nExit codes:%n").exitCodeList(DESCRIPTIONS);
  }
}
