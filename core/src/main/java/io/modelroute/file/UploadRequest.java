package io.modelroute.file;

import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import java.util.Set;

/**
 * What a client asks for when it starts an upload ({@code POST /v1/files/upload}, {@link
 * FileService#requestUpload}). Immutable; safe to share.
 *
 * @param purpose {@code INPUT} (for execution inputs) or {@code UPLOAD} (general storage)
 * @param ttlDays days to keep the file once uploaded (1–365), or null for the organization's
 *     default
 */
public record UploadRequest(String purpose, Integer ttlDays) {
  /** The purposes a client may choose; {@code OUTPUT} is for files providers produce. */
  public static final Set<String> CLIENT_PURPOSES = Set.of("INPUT", "UPLOAD");

  /** The shortest retention a client may ask for, in days. */
  public static final int MIN_TTL_DAYS = 1;

  /** The longest retention a client may ask for, in days. */
  public static final int MAX_TTL_DAYS = 365;

  /**
   * Checks the purpose and retention.
   *
   * @throws ModelRouteException INPUT_VALIDATION_ERROR naming {@code purpose} or {@code ttl_days}
   */
  public UploadRequest {
    if (purpose == null) {
      throw ModelRouteException.invalid(
          "purpose", FieldError.REQUIRED, "purpose is required: INPUT or UPLOAD");
    }
    if (!CLIENT_PURPOSES.contains(purpose)) {
      throw ModelRouteException.invalid(
          "purpose", FieldError.INVALID_VALUE, "purpose must be INPUT or UPLOAD");
    }
    if (ttlDays != null && (ttlDays < MIN_TTL_DAYS || ttlDays > MAX_TTL_DAYS)) {
      throw ModelRouteException.invalid(
          "ttl_days",
          FieldError.OUT_OF_RANGE,
          "ttl_days must be between " + MIN_TTL_DAYS + " and " + MAX_TTL_DAYS);
    }
  }
}
