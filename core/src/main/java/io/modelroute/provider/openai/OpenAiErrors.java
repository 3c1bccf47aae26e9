package io.modelroute.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;

/**
 * The one classification table of the OpenAI adapter: HTTP statuses, error bodies and transport
 * failures to the twelve execution codes.
 *
 * <p>Rules are tried top to bottom; the first match wins:
 *
 * <pre>
 * body: code/type content_policy_violation, moderation_blocked, content_filter,
 *       or a message about the "safety system" / "content policy"    → CONTENT_MODERATION_REJECTED
 * body: code/type insufficient_quota, billing_hard_limit_reached,
 *       billing_not_active (any status, typically 429)                → SERVICE_UNAVAILABLE
 * body: code model_not_found (any status)                             → MODEL_UNAVAILABLE
 * 400, 413, 422                                                       → INPUT_VALIDATION_ERROR
 * 401, 402, 403                                                       → SERVICE_UNAVAILABLE
 * 404                                                                 → MODEL_UNAVAILABLE
 * 408, 504                                                            → GENERATION_TIMEOUT
 * 409, 500, 502, any other status                                     → GENERATION_FAILED
 * 415                                                                 → INTERNAL_ERROR
 * 429                                                                 → RATE_LIMITED
 * 503                                                                 → MODEL_OVERLOADED
 * error object inside a 200 / an SSE stream: its numeric code as a status if it has one, else
 *   type/code with "rate_limit" → RATE_LIMITED, "overloaded" → MODEL_OVERLOADED,
 *   "timeout" → GENERATION_TIMEOUT, invalid_request_error → INPUT_VALIDATION_ERROR,
 *   anything else → GENERATION_FAILED
 * timeout (InterruptedIOException, incl. SocketTimeoutException)     → GENERATION_TIMEOUT
 * malformed JSON from the server                                      → GENERATION_FAILED
 * other I/O failure (refused, unknown host, TLS, connection reset)    → SERVICE_UNAVAILABLE
 * anything else (a bug here or a catalog mistake)                     → INTERNAL_ERROR
 * </pre>
 *
 * <p>401/403 mean <em>our</em> key is wrong or lacks access, and 402 / a spent quota mean our
 * account is out of money: never the client's fault. They map to the retryable SERVICE_UNAVAILABLE
 * so that the router fails over to a route that works, rather than to the non-retryable
 * INTERNAL_ERROR that would end the execution although another route could serve it. 415 can only
 * come from a malformed request of this adapter, so it is INTERNAL_ERROR.
 *
 * <p>The provider's own message reaches the client only where it is about the client's input
 * (INPUT_VALIDATION_ERROR, CONTENT_MODERATION_REJECTED); otherwise the message is generic and the
 * provider's words stay in the exception's cause, for operators. The body of a 401/403 is dropped
 * entirely: OpenAI echoes a fragment of the key in it. Stateless and thread-safe.
 */
final class OpenAiErrors {
  private static final Set<String> MODERATION =
      Set.of("content_policy_violation", "moderation_blocked", "content_filter");
  private static final Set<String> QUOTA =
      Set.of("insufficient_quota", "billing_hard_limit_reached", "billing_not_active");
  private static final int MAX_MESSAGE = 500;

  private OpenAiErrors() {}

  /**
   * What an OpenAI-style error body says: {@code {"error": {"message", "type", "code"}}}, the
   * vLLM/FastAPI shape with the fields at the top level, or {@code {"error": "text"}}. Fields the
   * body lacks are empty strings.
   */
  record ErrorBody(String message, String type, String code) {
    static final ErrorBody EMPTY = new ErrorBody("", "", "");

    static ErrorBody of(JsonNode node) {
      if (node == null || !node.isObject()) {
        return EMPTY;
      }
      JsonNode error = node.get("error");
      if (error != null && error.isTextual()) {
        return new ErrorBody(error.asText(), "", "");
      }
      JsonNode fields = error != null && error.isObject() ? error : node;
      return new ErrorBody(text(fields, "message"), text(fields, "type"), text(fields, "code"));
    }

    private static String text(JsonNode node, String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText();
    }

    boolean mentions(Set<String> names) {
      return names.contains(lower(type)) || names.contains(lower(code));
    }

    String summary() {
      String text =
          message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
      return (type.isEmpty() ? "" : type + " ") + (code.isEmpty() ? "" : "(" + code + ") ") + text;
    }
  }

  /** Classifies a non-2xx answer. */
  static ProviderException forStatus(int status, ErrorBody body) {
    ErrorCode byBody = byBody(body);
    if (byBody != null) {
      return exception(byBody, body, "HTTP " + status);
    }
    ErrorCode code =
        switch (status) {
          case 400, 413, 422 -> ErrorCode.INPUT_VALIDATION_ERROR;
          case 401, 402, 403 -> ErrorCode.SERVICE_UNAVAILABLE;
          case 404 -> ErrorCode.MODEL_UNAVAILABLE;
          case 408, 504 -> ErrorCode.GENERATION_TIMEOUT;
          case 415 -> ErrorCode.INTERNAL_ERROR;
          case 429 -> ErrorCode.RATE_LIMITED;
          case 503 -> ErrorCode.MODEL_OVERLOADED;
          default -> ErrorCode.GENERATION_FAILED;
        };
    ErrorBody shown = status == 401 || status == 403 ? ErrorBody.EMPTY : body;
    return exception(code, shown, "HTTP " + status);
  }

  /** Classifies an error object that arrived inside a successful answer or an event stream. */
  static ProviderException inBody(ErrorBody body) {
    if (body.code().matches("[1-5][0-9][0-9]")) {
      return forStatus(Integer.parseInt(body.code()), body);
    }
    ErrorCode code = byBody(body);
    if (code == null) {
      String kind = lower(body.type()) + " " + lower(body.code());
      if (kind.contains("rate_limit")) {
        code = ErrorCode.RATE_LIMITED;
      } else if (kind.contains("overloaded")) {
        code = ErrorCode.MODEL_OVERLOADED;
      } else if (kind.contains("timeout")) {
        code = ErrorCode.GENERATION_TIMEOUT;
      } else if (kind.contains("invalid_request_error")) {
        code = ErrorCode.INPUT_VALIDATION_ERROR;
      } else {
        code = ErrorCode.GENERATION_FAILED;
      }
    }
    return exception(code, body, "error in response body");
  }

  /** Classifies any other failure of a call (see the table above). */
  static ProviderException classify(Throwable failure) {
    if (failure instanceof ProviderException p) {
      return p;
    }
    if (failure instanceof UncheckedIOException u && u.getCause() != null) {
      return classify(u.getCause());
    }
    if (failure instanceof JsonProcessingException) {
      return new ProviderException(
          ErrorCode.GENERATION_FAILED, "Provider answered with malformed JSON", failure);
    }
    if (failure instanceof InterruptedIOException) {
      return new ProviderException(ErrorCode.GENERATION_TIMEOUT, "Provider timed out", failure);
    }
    if (failure instanceof IOException) {
      return new ProviderException(ErrorCode.SERVICE_UNAVAILABLE, "Provider unreachable", failure);
    }
    return new ProviderException(
        ErrorCode.INTERNAL_ERROR, "Unexpected failure calling the provider", failure);
  }

  private static ErrorCode byBody(ErrorBody body) {
    String message = lower(body.message());
    if (body.mentions(MODERATION)
        || message.contains("safety system")
        || message.contains("content policy")
        || message.contains("content management policy")) {
      return ErrorCode.CONTENT_MODERATION_REJECTED;
    }
    if (body.mentions(QUOTA)) {
      return ErrorCode.SERVICE_UNAVAILABLE;
    }
    if (lower(body.code()).equals("model_not_found")) {
      return ErrorCode.MODEL_UNAVAILABLE;
    }
    return null;
  }

  private static ProviderException exception(ErrorCode code, ErrorBody body, String where) {
    String detail = body.message().isBlank() ? "" : ": " + body.message();
    String message =
        switch (code) {
          case INPUT_VALIDATION_ERROR -> "Provider rejected the input" + clip(detail);
          case CONTENT_MODERATION_REJECTED ->
              "Provider's content moderation rejected the request" + clip(detail);
          case RATE_LIMITED -> "Provider rate limit reached";
          case MODEL_OVERLOADED -> "Model is overloaded at the provider";
          case MODEL_UNAVAILABLE -> "Model is not available at the provider";
          case GENERATION_TIMEOUT -> "Provider timed out";
          case SERVICE_UNAVAILABLE -> "Provider is unavailable";
          case INTERNAL_ERROR -> "Provider refused the gateway's request";
          default -> "Provider failed to generate";
        };
    return new ProviderException(code, message, new ProviderError(where + " " + body.summary()));
  }

  private static String clip(String detail) {
    return detail.length() > MAX_MESSAGE ? detail.substring(0, MAX_MESSAGE) + "…" : detail;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** The provider's own words about a failure, kept as a cause for operators; no stack trace. */
  static final class ProviderError extends RuntimeException {
    ProviderError(String message) {
      super(message, null, false, false);
    }
  }
}
