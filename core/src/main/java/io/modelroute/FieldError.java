package io.modelroute;

import java.util.Objects;

/**
 * One field-level problem in a request: a dotted path from the body root ({@code input.width}), a
 * detail code ({@code REQUIRED}, {@code OUT_OF_RANGE}, {@code INVALID_TYPE}, {@code INVALID_VALUE},
 * {@code UNKNOWN_FIELD}, {@code RAW_URL_NOT_ALLOWED}, {@code TOO_LONG}) and a message. Carried by
 * {@link ModelRouteException#details()}. Immutable; safe to share.
 *
 * @param field the dotted path of the field, e.g. {@code input.width}
 * @param code the detail code, one of the constants of this record
 * @param message a human-readable explanation, safe to show to the client
 */
public record FieldError(String field, String code, String message) {
  public static final String REQUIRED = "REQUIRED";
  public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
  public static final String INVALID_TYPE = "INVALID_TYPE";
  public static final String INVALID_VALUE = "INVALID_VALUE";
  public static final String UNKNOWN_FIELD = "UNKNOWN_FIELD";
  public static final String RAW_URL_NOT_ALLOWED = "RAW_URL_NOT_ALLOWED";
  public static final String TOO_LONG = "TOO_LONG";

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
