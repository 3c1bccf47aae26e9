package io.modelroute.provider;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider failure classified into one of the twelve normalized execution codes. Whether the
 * router retries or fails over follows {@link ErrorCode#retryable()}; when the provider said how
 * long to wait ({@code Retry-After}), {@link #retryAfter()} carries it and no retry goes out
 * sooner.
 *
 * <p>The message is shown to tenants ({@code execution.error.message}): it names the failure, never
 * the provider; the provider's own words stay in the cause and in logs, for operators. Provider
 * implementations throw it from {@link Provider#start}, {@link Provider#poll} and {@link
 * Provider#cancel}. Immutable; safe to share across threads.
 */
public class ProviderException extends ModelRouteException {
  private final Duration retryAfter;

  /** A failure with an execution {@code code} (one of the twelve) and a tenant-safe message. */
  public ProviderException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /**
   * Like {@link #ProviderException(ErrorCode, String)}, keeping the provider's own error as the
   * cause.
   */
  public ProviderException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, null);
  }

  private ProviderException(ErrorCode code, String message, Throwable cause, Duration retryAfter) {
    super(requireExecutionCode(code), message, List.of(), null, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the provider asked us to wait before trying again, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** This failure carrying the provider's {@code Retry-After} (unchanged when empty). */
  public ProviderException withRetryAfter(Optional<Duration> wait) {
    Objects.requireNonNull(wait, "wait");
    if (wait.isEmpty() || wait.get().equals(retryAfter)) {
      return this;
    }
    ProviderException copy = new ProviderException(code(), getMessage(), getCause(), wait.get());
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  /**
   * This failure with every mention of the given provider names taken out of its message (see
   * {@link #redactNames}); unchanged when none is mentioned.
   */
  public ProviderException withoutNames(String... names) {
    String redacted = redactNames(getMessage(), names);
    if (redacted.equals(getMessage())) {
      return this;
    }
    ProviderException copy = new ProviderException(code(), redacted, getCause(), retryAfter);
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  /**
   * {@code text} with each whole-word mention of a provider name, with a domain or suffix ({@code
   * fal.ai}, {@code fal-ai}, {@code replicate.com}), case-insensitively replaced by "the provider":
   * a provider's own error text may name itself, and tenants never see names.
   */
  public static String redactNames(String text, String... names) {
    if (text == null) {
      return "";
    }
    String result = text;
    for (String name : names) {
      if (name != null && !name.isBlank()) {
        result =
            java.util.regex.Pattern.compile(
                    "(?i)(?<![\\w.-])"
                        + java.util.regex.Pattern.quote(name)
                        + "(?:[.-][a-z0-9]+)*(?![\\w])")
                .matcher(result)
                .replaceAll("the provider");
      }
    }
    return result;
  }

  /** The delay before the next try on the same route: {@code max(backoff, retryAfter)}. */
  public Duration retryDelay(Duration backoff) {
    return retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
  }

  private static ErrorCode requireExecutionCode(ErrorCode code) {
    if (!code.isExecutionCode()) {
      throw new IllegalArgumentException(
          "providers fail with one of the 12 execution codes, not " + code);
    }
    return code;
  }
}
