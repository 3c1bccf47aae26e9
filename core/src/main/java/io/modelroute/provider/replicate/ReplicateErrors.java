package io.modelroute.provider.replicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.provider.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one error table of the {@code replicate} adapter: HTTP statuses, transport failures and
 * Replicate's error texts to the twelve execution codes. Messages are safe for the client: they
 * never name the provider, and carry Replicate's own detail only where it explains what was wrong
 * with the input (bounded, first line only).
 *
 * <p>Our own credentials or billing refused (401, 402, 403) are {@code SERVICE_UNAVAILABLE}, not
 * {@code INTERNAL_ERROR}: the client did nothing wrong, the condition is fixable by the operator
 * without a release, and being retryable lets the router fail over to the model's next route
 * instead of failing every execution until the key is fixed.
 */
final class ReplicateErrors {
  /** Longest provider detail copied into a message. */
  static final int MAX_DETAIL = 300;

  /** Which call got the response; only a 404 means something different per call. */
  enum Call {
    CREATE,
    READ,
    CANCEL
  }

  private static final Pattern MODERATION =
      Pattern.compile(
          "nsfw|safety[ _-]?(checker|filter|system)|content[ _-]?(policy|filter|moderation)|moderat"
              + "|flagged|sensitive content|inappropriate");
  private static final Pattern OUT_OF_MEMORY =
      Pattern.compile("out of memory|outofmemory|\\boom\\b|cuda error: out of memory");
  private static final Pattern INVALID_INPUT =
      Pattern.compile(
          "validation|invalid (input|value|argument|parameter|image|prompt)|is not a valid"
              + "|cannot identify image file");
  private static final Pattern TIMED_OUT = Pattern.compile("timed out|timeout");
  private static final Pattern UNKNOWN_VERSION =
      Pattern.compile("version does not exist|invalid version|not permitted");

  private ReplicateErrors() {}

  /**
   * Classifies a non-2xx response.
   *
   * <table>
   *   <caption>HTTP status → code</caption>
   *   <tr><td>400</td><td>INPUT_VALIDATION_ERROR (CONTENT_MODERATION_REJECTED if the body says so)</td></tr>
   *   <tr><td>401, 402, 403</td><td>SERVICE_UNAVAILABLE (our token / our billing)</td></tr>
   *   <tr><td>404</td><td>MODEL_UNAVAILABLE on create; GENERATION_FAILED on read and cancel (the
   *       prediction is gone: retry from a new one)</td></tr>
   *   <tr><td>409</td><td>GENERATION_FAILED</td></tr>
   *   <tr><td>413</td><td>INPUT_VALIDATION_ERROR</td></tr>
   *   <tr><td>415</td><td>INTERNAL_ERROR (we sent the wrong media type: our bug)</td></tr>
   *   <tr><td>422</td><td>INPUT_VALIDATION_ERROR with Replicate's detail; SERVICE_UNAVAILABLE when
   *       the detail is about the {@code webhook} (our public callback URL, an operator setting);
   *       MODEL_UNAVAILABLE for an unknown or forbidden version; CONTENT_MODERATION_REJECTED if the
   *       body says so</td></tr>
   *   <tr><td>429</td><td>RATE_LIMITED</td></tr>
   *   <tr><td>500</td><td>GENERATION_FAILED</td></tr>
   *   <tr><td>502, 503, 504, other 5xx</td><td>SERVICE_UNAVAILABLE</td></tr>
   *   <tr><td>other</td><td>GENERATION_FAILED</td></tr>
   * </table>
   */
  static ProviderException forStatus(int status, String body, Call call) {
    String detail = detail(body);
    String lower = detail.toLowerCase(Locale.ROOT);
    return switch (status) {
      case 400 ->
          MODERATION.matcher(lower).find()
              ? moderation()
              : new ProviderException(
                  ErrorCode.INPUT_VALIDATION_ERROR, withDetail("Invalid input", detail));
      case 401, 403 ->
          new ProviderException(
              ErrorCode.SERVICE_UNAVAILABLE,
              "The upstream provider refused the gateway's credentials (" + status + ")");
      case 402 ->
          new ProviderException(
              ErrorCode.SERVICE_UNAVAILABLE,
              "The upstream provider account needs billing attention (402)");
      case 404 ->
          call == Call.CREATE
              ? new ProviderException(
                  ErrorCode.MODEL_UNAVAILABLE, "The model is not available upstream (404)")
              : new ProviderException(
                  ErrorCode.GENERATION_FAILED, "The upstream job no longer exists (404)");
      case 409 ->
          new ProviderException(
              ErrorCode.GENERATION_FAILED, "The upstream provider reported a conflict (409)");
      case 413 ->
          new ProviderException(
              ErrorCode.INPUT_VALIDATION_ERROR, "The input is too large for the model");
      case 415 ->
          new ProviderException(
              ErrorCode.INTERNAL_ERROR,
              "The upstream provider did not accept the request format (415)");
      case 422 -> {
        if (lower.contains("webhook")) {
          yield new ProviderException(
              ErrorCode.SERVICE_UNAVAILABLE,
              "The upstream provider refused the gateway's callback URL (422)");
        }
        if (UNKNOWN_VERSION.matcher(lower).find()) {
          yield new ProviderException(
              ErrorCode.MODEL_UNAVAILABLE, "The model version is not available upstream (422)");
        }
        yield MODERATION.matcher(lower).find()
            ? moderation()
            : new ProviderException(
                ErrorCode.INPUT_VALIDATION_ERROR, withDetail("Invalid input", detail));
      }
      case 429 ->
          new ProviderException(
              ErrorCode.RATE_LIMITED, "The upstream provider is rate limiting requests");
      case 500 ->
          new ProviderException(ErrorCode.GENERATION_FAILED, "The upstream provider failed (500)");
      default ->
          status >= 500
              ? new ProviderException(
                  ErrorCode.SERVICE_UNAVAILABLE,
                  "The upstream provider is unavailable (" + status + ")")
              : new ProviderException(
                  ErrorCode.GENERATION_FAILED, "Unexpected upstream response (" + status + ")");
    };
  }

  /**
   * Classifies the {@code error} of a {@code failed} prediction: safety checker / NSFW →
   * CONTENT_MODERATION_REJECTED; out of memory → MODEL_OVERLOADED (another worker or a later try
   * may have room); input validation → INPUT_VALIDATION_ERROR; timed out → GENERATION_TIMEOUT;
   * anything else → GENERATION_FAILED. Never INTERNAL_ERROR, which callback handling reserves for
   * refused callbacks.
   */
  static ProviderException forFailedPrediction(String error) {
    String text = firstLine(error);
    String lower = text.toLowerCase(Locale.ROOT);
    if (MODERATION.matcher(lower).find()) {
      return moderation();
    }
    if (OUT_OF_MEMORY.matcher(lower).find()) {
      return new ProviderException(ErrorCode.MODEL_OVERLOADED, "The model ran out of memory");
    }
    if (INVALID_INPUT.matcher(lower).find()) {
      return new ProviderException(
          ErrorCode.INPUT_VALIDATION_ERROR, withDetail("Invalid input", text));
    }
    if (TIMED_OUT.matcher(lower).find()) {
      return new ProviderException(ErrorCode.GENERATION_TIMEOUT, "The model timed out");
    }
    return new ProviderException(
        ErrorCode.GENERATION_FAILED, withDetail("Generation failed", text));
  }

  /**
   * Classifies a failure raised while talking to Replicate: timeouts → GENERATION_TIMEOUT;
   * unreadable JSON → GENERATION_FAILED; other I/O (unknown host, refused connection, reset, TLS) →
   * SERVICE_UNAVAILABLE; anything else → GENERATION_FAILED.
   */
  static ProviderException forThrowable(Throwable failure) {
    Throwable t =
        failure instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
    if (t instanceof ProviderException p) {
      return p;
    }
    if (t instanceof JsonProcessingException) {
      return new ProviderException(
          ErrorCode.GENERATION_FAILED, "Unreadable response from the upstream provider", t);
    }
    if (t instanceof InterruptedIOException) {
      // SocketTimeoutException is an InterruptedIOException; so is OkHttp's call timeout.
      return new ProviderException(
          ErrorCode.GENERATION_TIMEOUT, "The upstream provider did not answer in time", t);
    }
    if (t instanceof IOException) {
      return new ProviderException(
          ErrorCode.SERVICE_UNAVAILABLE, "The upstream provider is unreachable", t);
    }
    return new ProviderException(
        ErrorCode.GENERATION_FAILED, "The upstream provider call failed", t);
  }

  private static ProviderException moderation() {
    return new ProviderException(
        ErrorCode.CONTENT_MODERATION_REJECTED,
        "The request was rejected by the model's content policy");
  }

  /**
   * The human part of an error body: Replicate answers with problem JSON ({@code title}, {@code
   * detail}, {@code status}) or {@code {"detail": "…"}}; anything else is used as text.
   */
  static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = Json.mapper().readTree(body);
      if (node != null && node.isObject()) {
        for (String field : new String[] {"detail", "error", "title", "message"}) {
          JsonNode v = node.get(field);
          if (v != null && v.isTextual() && !v.asText().isBlank()) {
            return clean(v.asText());
          }
        }
        return "";
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: use the text
    }
    return clean(body);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String t = text.strip();
    int nl = t.indexOf('\n');
    return clean(nl < 0 ? t : t.substring(0, nl));
  }

  private static String clean(String text) {
    String t = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    if (t.startsWith("- ")) {
      t = t.substring(2);
    }
    return t.length() > MAX_DETAIL ? t.substring(0, MAX_DETAIL) + "…" : t;
  }

  private static String withDetail(String message, String detail) {
    return detail.isEmpty()
        ? message
        : message + ": " + ProviderException.redactNames(detail, ReplicateProvider.NAME);
  }
}
