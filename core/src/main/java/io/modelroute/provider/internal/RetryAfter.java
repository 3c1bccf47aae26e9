package io.modelroute.provider.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. A
 * date is measured against the response's own {@code Date} header when there is one (the server's
 * clock against the server's clock, immune to skew), else against {@code now}. Stateless.
 */
public final class RetryAfter {
  /** Longest wait honoured; a provider asking for more is treated as asking for this. */
  public static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /**
   * The wait a response asks for.
   *
   * @param retryAfter the {@code Retry-After} header, or {@code null}
   * @param date the response's {@code Date} header, or {@code null}
   * @param now the local time, used when {@code date} is missing or unreadable
   * @return empty when there is no readable header; never negative
   */
  public static Optional<Duration> parse(String retryAfter, String date, Instant now) {
    if (retryAfter == null || retryAfter.isBlank()) {
      return Optional.empty();
    }
    String value = retryAfter.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(clamp(Duration.ofSeconds(Long.parseLong(value))));
      } catch (NumberFormatException | ArithmeticException tooLong) {
        return Optional.of(MAX);
      }
    }
    Optional<Instant> at = httpDate(value);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    Instant reference = httpDate(date).orElse(now);
    return Optional.of(clamp(Duration.between(reference, at.get())));
  }

  /**
   * The wait an OkHttp response asks for; a date without a {@code Date} header is measured from its
   * receipt.
   */
  public static Optional<Duration> of(okhttp3.Response response) {
    return parse(
        response.header("Retry-After"),
        response.header("Date"),
        Instant.ofEpochMilli(response.receivedResponseAtMillis()));
  }

  private static Optional<Instant> httpDate(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration clamp(Duration d) {
    return d.isNegative() ? Duration.ZERO : d.compareTo(MAX) > 0 ? MAX : d;
  }
}
