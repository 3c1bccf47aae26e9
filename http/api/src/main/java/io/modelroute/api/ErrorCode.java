package io.modelroute.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The error codes of docs/http-api.md with their HTTP status and whether a repeat may succeed.
 * Records carry codes as strings ({@link ErrorBody#code()}, {@link ExecutionError#code()}) so codes
 * a newer server adds still arrive; {@link #parse} maps the ones this version knows.
 */
public enum ErrorCode {
  INPUT_VALIDATION_ERROR(400, false),
  CONTENT_MODERATION_REJECTED(400, false),
  FILE_NOT_FOUND(400, false),
  FILE_FORMAT_UNSUPPORTED(400, false),
  INSUFFICIENT_BALANCE(402, false),
  RATE_LIMITED(429, true),
  MODEL_OVERLOADED(503, true),
  MODEL_UNAVAILABLE(503, true),
  GENERATION_TIMEOUT(504, true),
  GENERATION_FAILED(500, true),
  SERVICE_UNAVAILABLE(503, true),
  INTERNAL_ERROR(500, false),
  UNAUTHORIZED(401, false),
  FORBIDDEN(403, false),
  NOT_FOUND(404, false),
  METHOD_NOT_ALLOWED(405, false),
  CONFLICT(409, false),
  PAYLOAD_TOO_LARGE(413, false),
  UNSUPPORTED_MEDIA_TYPE(415, false),
  IDEMPOTENCY_KEY_REUSED(422, false);

  private final int httpStatus;
  private final boolean retryable;

  ErrorCode(int httpStatus, boolean retryable) {
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  /** The HTTP status a response with this code carries. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Whether the same request may succeed later. */
  public boolean retryable() {
    return retryable;
  }

  /** The code named {@code value}, or empty for a code this version does not know. */
  public static Optional<ErrorCode> parse(String value) {
    return Arrays.stream(values()).filter(c -> c.name().equals(value)).findFirst();
  }
}
