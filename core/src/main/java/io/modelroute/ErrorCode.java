package io.modelroute;

/**
 * The stable error codes of the API (docs/http-api.md), each with its HTTP status and retryable
 * flag.
 *
 * <p>The first twelve are the normalized execution codes that also describe why an execution
 * failed; the rest are request-level codes. Names are part of the wire contract and never change.
 * Immutable; safe to share.
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

  /** Whether repeating the same request may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** Whether this is one of the twelve normalized execution codes. */
  public boolean isExecutionCode() {
    return ordinal() <= INTERNAL_ERROR.ordinal();
  }
}
