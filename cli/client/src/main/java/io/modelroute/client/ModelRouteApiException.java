package io.modelroute.client;

import io.modelroute.api.ErrorCode;
import io.modelroute.api.ErrorDetail;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to the ModelRoute API that did not succeed: either the server answered with a non-2xx
 * status (the fields come from an error body (docs/http-api.md)), or it could not be reached at all
 * ({@link #httpStatus()} is {@code 0}, code {@code SERVICE_UNAVAILABLE}).
 *
 * <p>{@link #code()} is a string rather than an {@link ErrorCode} because a server may send codes
 * this client does not know, and a body that is not the error shape yields {@code HTTP_<status>}.
 * Immutable.
 */
public final class ModelRouteApiException extends RuntimeException {
  private final int httpStatus;
  private final String code;
  private final boolean retryable;
  private final String requestId;
  private final List<ErrorDetail> details;
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param httpStatus the response status, or {@code 0} when no response arrived
   * @param code the error code of the body ({@code INPUT_VALIDATION_ERROR}) or {@code
   *     HTTP_<status>}
   * @param message the server's message
   * @param retryable whether repeating the same request may succeed
   * @param requestId the server's {@code req_…} id, or {@code null} when there was none
   * @param details field-level problems, possibly empty
   * @param retryAfter the {@code Retry-After} delay, or {@code null} when absent
   * @param cause the I/O failure for an unreachable server, else {@code null}
   */
  public ModelRouteApiException(
      int httpStatus,
      String code,
      String message,
      boolean retryable,
      String requestId,
      List<ErrorDetail> details,
      Duration retryAfter,
      Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.httpStatus = httpStatus;
    this.code = Objects.requireNonNull(code, "code");
    this.retryable = retryable;
    this.requestId = requestId;
    this.details = List.copyOf(details);
    this.retryAfter = retryAfter;
  }

  /** The failure of a request that never got a response from {@code url}. */
  static ModelRouteApiException unreachable(String url, Throwable cause) {
    String reason =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ModelRouteApiException(
        0,
        ErrorCode.SERVICE_UNAVAILABLE.name(),
        "cannot reach server at " + url + " (" + reason + ")",
        true,
        null,
        List.of(),
        null,
        cause);
  }

  /** The failure of a response from {@code url} that broke off before its body was complete. */
  static ModelRouteApiException connectionLost(String url, Throwable cause) {
    String reason =
        cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ModelRouteApiException(
        0,
        ErrorCode.SERVICE_UNAVAILABLE.name(),
        "connection to " + url + " broke off during the response (" + reason + ")",
        true,
        null,
        List.of(),
        null,
        cause);
  }

  /** The HTTP status of the response, or {@code 0} when the server could not be reached. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The error code: one of the codes docs/http-api.md lists, or {@code HTTP_<status>} for a body of
   * another shape.
   */
  public String code() {
    return code;
  }

  /** {@link #code()} as a known {@link ErrorCode}, when it is one. */
  public Optional<ErrorCode> errorCode() {
    return ErrorCode.parse(code);
  }

  /** Whether repeating the same request may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** The server's request id ({@code req_…}), for support and logs. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** Field-level problems ({@code input.width: OUT_OF_RANGE …}); empty when there are none. */
  public List<ErrorDetail> details() {
    return details;
  }

  /** How long the server asked the client to wait ({@code Retry-After}), when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
