package io.modelroute;

import java.util.List;
import java.util.Objects;

/**
 * The one unchecked root of every ModelRoute error: a stable {@link ErrorCode}, a message safe to
 * show to the client, and optional field-level details.
 *
 * <p>Causes (SQL, I/O) stay as {@link #getCause()} and never leak into {@link #getMessage()}.
 * Services throw it (or a subclass) for every expected failure; catch it and switch on {@link
 * #code()}. Immutable; safe to share across threads.
 */
public class ModelRouteException extends RuntimeException {
  private final ErrorCode code;
  private final List<FieldError> details;
  private final Long retryAfterSeconds;
  private final boolean retryable;

  /** An error with a client-safe message and no details. */
  public ModelRouteException(ErrorCode code, String message) {
    this(code, message, List.of(), null, null);
  }

  /** An error caused by {@code cause}, which stays out of the message. */
  public ModelRouteException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), null, cause);
  }

  /** An error with field-level details (usually {@link ErrorCode#INPUT_VALIDATION_ERROR}). */
  public ModelRouteException(ErrorCode code, String message, List<FieldError> details) {
    this(code, message, details, null, null);
  }

  /** For subclasses: every part, including a retry-after in seconds (or {@code null}). */
  protected ModelRouteException(
      ErrorCode code,
      String message,
      List<FieldError> details,
      Long retryAfterSeconds,
      Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.details = List.copyOf(details);
    this.retryAfterSeconds = retryAfterSeconds;
    this.retryable = code.retryable() || (code == ErrorCode.CONFLICT && retryAfterSeconds != null);
  }

  /** A validation failure with one field detail. */
  public static ModelRouteException invalid(String field, String detailCode, String message) {
    return new ModelRouteException(
        ErrorCode.INPUT_VALIDATION_ERROR,
        "Invalid input parameters",
        List.of(new FieldError(field, detailCode, message)));
  }

  /** A validation failure with several field details. */
  public static ModelRouteException invalid(List<FieldError> details) {
    return new ModelRouteException(
        ErrorCode.INPUT_VALIDATION_ERROR, "Invalid input parameters", details);
  }

  /** {@code 404 NOT_FOUND}; used for other organizations' objects too. */
  public static ModelRouteException notFound(String what) {
    return new ModelRouteException(ErrorCode.NOT_FOUND, what + " not found");
  }

  /** {@code 409 CONFLICT}, retryable: the same idempotent request is still being processed. */
  public static ModelRouteException inFlight() {
    return new ModelRouteException(
        ErrorCode.CONFLICT,
        "A request with this Idempotency-Key is still being processed",
        List.of(),
        1L,
        null);
  }

  /** {@code 429 RATE_LIMITED} telling the client when to come back. */
  public static ModelRouteException rateLimited(long retryAfterSeconds) {
    return new ModelRouteException(
        ErrorCode.RATE_LIMITED, "Rate limit exceeded", List.of(), retryAfterSeconds, null);
  }

  /** The stable code; decides the HTTP status and whether a retry may help. */
  public ErrorCode code() {
    return code;
  }

  /** The field-level problems; empty when the error is not about fields. */
  public List<FieldError> details() {
    return details;
  }

  /** Seconds the client should wait before retrying, when known. */
  public java.util.Optional<Long> retryAfterSeconds() {
    return java.util.Optional.ofNullable(retryAfterSeconds);
  }

  /**
   * Whether repeating the same request may succeed: the code's flag, and also for a {@code
   * CONFLICT} that only means "still in flight" (it carries a retry-after).
   */
  public boolean retryable() {
    return retryable;
  }
}
