package io.modelroute.provider.fal;

import static io.modelroute.ErrorCode.CONTENT_MODERATION_REJECTED;
import static io.modelroute.ErrorCode.FILE_FORMAT_UNSUPPORTED;
import static io.modelroute.ErrorCode.GENERATION_FAILED;
import static io.modelroute.ErrorCode.GENERATION_TIMEOUT;
import static io.modelroute.ErrorCode.INPUT_VALIDATION_ERROR;
import static io.modelroute.ErrorCode.INTERNAL_ERROR;
import static io.modelroute.ErrorCode.MODEL_OVERLOADED;
import static io.modelroute.ErrorCode.MODEL_UNAVAILABLE;
import static io.modelroute.ErrorCode.RATE_LIMITED;
import static io.modelroute.ErrorCode.SERVICE_UNAVAILABLE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.provider.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one classification table of the {@code fal} adapter: HTTP statuses, fal's error bodies (model
 * errors {@code {"detail": [{loc, msg, type}]}}, request errors {@code {"detail": "…",
 * "error_type": "…"}} and the {@code X-Fal-Error-Type} header), webhook errors and I/O failures,
 * each to one of the twelve execution codes. Rules, first match wins:
 *
 * <ol>
 *   <li>401, 402, 403 → {@code SERVICE_UNAVAILABLE}: fal refused <em>our</em> key or account (wrong
 *       key, locked account, exhausted fal balance). It is never the client's fault, and being
 *       retryable it lets the router fail over to another provider while the operator fixes the key
 *       (the attempt trail and the log name the status); the body is not read.
 *   <li>429 → {@code RATE_LIMITED}.
 *   <li>A model error of type {@code content_policy_violation}, or — on 400, 422 or a webhook error
 *       without a status — a message or type naming NSFW content, a content policy, a safety
 *       checker, moderation or flagged content → {@code CONTENT_MODERATION_REJECTED}.
 *   <li>A known model error type ({@link #MODEL_ERROR_TYPES}).
 *   <li>A known request error type ({@link #REQUEST_ERROR_TYPES}).
 *   <li>The HTTP status ({@link #STATUS}); any other status → {@code GENERATION_FAILED}.
 * </ol>
 *
 * Messages are provider-neutral (clients see them; the provider's name must not appear): fal's own
 * {@code msg} texts are kept, shortened, because they tell the client what to fix. Stateless.
 */
final class FalErrors {
  /** A webhook error whose HTTP status could not be read. */
  static final int NO_STATUS = -1;

  /**
   * The HTTP status table. 400/413/422: the input was rejected. 404: fal does not know the endpoint
   * (or the request, on status/result), which another route may still serve. 415: we always send
   * JSON, so it can only be a defect of this adapter. 409 and anything unlisted: unexplained,
   * retried rather than blamed on the client.
   */
  static final Map<Integer, ErrorCode> STATUS =
      Map.ofEntries(
          Map.entry(400, INPUT_VALIDATION_ERROR),
          Map.entry(401, SERVICE_UNAVAILABLE),
          Map.entry(402, SERVICE_UNAVAILABLE),
          Map.entry(403, SERVICE_UNAVAILABLE),
          Map.entry(404, MODEL_UNAVAILABLE),
          Map.entry(408, GENERATION_TIMEOUT),
          Map.entry(409, GENERATION_FAILED),
          Map.entry(413, INPUT_VALIDATION_ERROR),
          Map.entry(415, INTERNAL_ERROR),
          Map.entry(422, INPUT_VALIDATION_ERROR),
          Map.entry(429, RATE_LIMITED),
          Map.entry(500, GENERATION_FAILED),
          Map.entry(502, GENERATION_FAILED),
          Map.entry(503, MODEL_OVERLOADED),
          Map.entry(504, GENERATION_TIMEOUT));

  /**
   * fal model error types (the {@code type} of a {@code detail} entry) that decide more than the
   * status does. Other types (range and shape checks such as {@code greater_than}) are input
   * validation, which the 4xx status already says. A {@code file_download_error} means fal could
   * not fetch our short-lived signed URL of a file that was READY at validation: transient.
   */
  static final Map<String, ErrorCode> MODEL_ERROR_TYPES =
      Map.ofEntries(
          Map.entry("content_policy_violation", CONTENT_MODERATION_REJECTED),
          Map.entry("generation_timeout", GENERATION_TIMEOUT),
          Map.entry("internal_server_error", GENERATION_FAILED),
          Map.entry("downstream_service_error", GENERATION_FAILED),
          Map.entry("no_media_generated", GENERATION_FAILED),
          Map.entry("downstream_service_unavailable", SERVICE_UNAVAILABLE),
          Map.entry("unsupported_image_format", FILE_FORMAT_UNSUPPORTED),
          Map.entry("unsupported_video_format", FILE_FORMAT_UNSUPPORTED),
          Map.entry("unsupported_audio_format", FILE_FORMAT_UNSUPPORTED),
          Map.entry("image_load_error", FILE_FORMAT_UNSUPPORTED),
          Map.entry("file_download_error", GENERATION_FAILED));

  /** fal request error types ({@code error_type} / {@code X-Fal-Error-Type}). */
  static final Map<String, ErrorCode> REQUEST_ERROR_TYPES =
      Map.ofEntries(
          Map.entry("request_timeout", GENERATION_TIMEOUT),
          Map.entry("startup_timeout", GENERATION_TIMEOUT),
          Map.entry("runner_scheduling_failure", MODEL_OVERLOADED),
          Map.entry("runner_connection_timeout", MODEL_OVERLOADED),
          Map.entry("runner_connection_refused", MODEL_OVERLOADED),
          Map.entry("runner_connection_error", MODEL_OVERLOADED),
          Map.entry("runner_disconnected", GENERATION_FAILED),
          Map.entry("runner_incomplete_response", GENERATION_FAILED),
          Map.entry("runner_server_error", GENERATION_FAILED),
          Map.entry("internal_error", GENERATION_FAILED),
          Map.entry("client_disconnected", GENERATION_FAILED),
          Map.entry("client_cancelled", GENERATION_FAILED),
          Map.entry("bad_request", INPUT_VALIDATION_ERROR));

  private static final Set<Integer> OUR_ACCOUNT = Set.of(401, 402, 403);
  private static final Set<Integer> MODERATION_STATUSES = Set.of(400, 422, NO_STATUS);
  private static final Pattern MODERATION =
      Pattern.compile(
          "nsfw|content[ _-]?polic|moderat|safety[ _-]?(checker|filter|system)|flagged|unsafe content"
              + "|inappropriate content");
  private static final Pattern WEBHOOK_STATUS = Pattern.compile("(?i)status code:?\\s*(\\d{3})\\b");
  private static final int MAX_MESSAGE = 300;

  private FalErrors() {}

  /**
   * Classifies a non-2xx answer of the queue API.
   *
   * @param errorTypeHeader the {@code X-Fal-Error-Type} header, or {@code null}
   * @param body the parsed body, or {@code null} when it was empty or not JSON
   */
  static ProviderException fromResponse(int status, String errorTypeHeader, JsonNode body) {
    if (OUR_ACCOUNT.contains(status)) {
      return new ProviderException(
          SERVICE_UNAVAILABLE,
          "The provider refused the gateway's credentials or account (HTTP " + status + ")");
    }
    if (status == 429) {
      return new ProviderException(
          RATE_LIMITED, "The provider is rate limiting requests (HTTP 429)");
    }
    Details details = Details.of(body, errorTypeHeader);
    String suffix = details.message().isEmpty() ? "" : ": " + details.message();
    String where = status == NO_STATUS ? "" : " (HTTP " + status + ")";
    if (details.types().contains("content_policy_violation")
        || MODERATION_STATUSES.contains(status) && details.mentionsModeration()) {
      return new ProviderException(
          CONTENT_MODERATION_REJECTED,
          "The request was rejected by the model's content checker" + suffix);
    }
    for (String type : details.types()) {
      ErrorCode code = MODEL_ERROR_TYPES.get(type);
      if (code == null) {
        code = REQUEST_ERROR_TYPES.get(type);
      }
      if (code != null) {
        return new ProviderException(code, describe(code) + suffix + where);
      }
    }
    ErrorCode code = STATUS.get(status);
    if (code == null) {
      code =
          status == NO_STATUS && details.validation() ? INPUT_VALIDATION_ERROR : GENERATION_FAILED;
    }
    return new ProviderException(code, describe(code) + suffix + where);
  }

  /**
   * Classifies a webhook with {@code status: "ERROR"}: fal puts {@code "Invalid status code: 422"}
   * in {@code error} and the error body in {@code payload}.
   */
  static ProviderException fromWebhook(JsonNode webhook) {
    String error = webhook.path("error").isTextual() ? webhook.path("error").asText() : "";
    Matcher m = WEBHOOK_STATUS.matcher(error);
    int status = m.find() ? Integer.parseInt(m.group(1)) : NO_STATUS;
    JsonNode payload = webhook.path("payload");
    if (payload.isObject() && !payload.isEmpty()) {
      return fromResponse(status, null, payload);
    }
    ObjectNode body = Json.mapper().createObjectNode();
    String detail =
        webhook.path("payload_error").isTextual() ? webhook.path("payload_error").asText() : "";
    if (detail.isBlank() && status == NO_STATUS) {
      detail = error;
    }
    if (!detail.isBlank()) {
      body.put("detail", detail);
    }
    return fromResponse(status, null, body);
  }

  /** Classifies anything a call threw. */
  static ProviderException classify(Throwable failure) {
    if (failure instanceof ProviderException p) {
      return p;
    }
    if (failure instanceof JsonProcessingException) {
      return unexpected("a response that is not valid JSON", failure);
    }
    if (failure instanceof InterruptedIOException) { // includes SocketTimeoutException
      return new ProviderException(
          GENERATION_TIMEOUT, "The provider did not answer in time", failure);
    }
    if (failure instanceof IOException) { // UnknownHostException, ConnectException, resets, TLS
      return new ProviderException(
          SERVICE_UNAVAILABLE, "The provider could not be reached", failure);
    }
    return new ProviderException(
        INTERNAL_ERROR, "The provider adapter failed unexpectedly", failure);
  }

  /** fal answered 2xx with something this adapter cannot read: retried, maybe elsewhere. */
  static ProviderException unexpected(String what, Throwable cause) {
    return new ProviderException(GENERATION_FAILED, "The provider returned " + what, cause);
  }

  private static String describe(ErrorCode code) {
    return switch (code) {
      case INPUT_VALIDATION_ERROR -> "The model rejected the input";
      case FILE_FORMAT_UNSUPPORTED -> "The model could not read an input file";
      case GENERATION_TIMEOUT -> "The generation timed out";
      case MODEL_OVERLOADED -> "The model is overloaded";
      case MODEL_UNAVAILABLE -> "The model is not available at the provider";
      case SERVICE_UNAVAILABLE -> "The provider is unavailable";
      case INTERNAL_ERROR -> "The gateway sent a request the provider could not accept";
      default -> "The generation failed";
    };
  }

  /** What an error body says: its types, a readable message, whether it is a validation list. */
  private record Details(List<String> types, String message, boolean validation) {
    static Details of(JsonNode body, String errorTypeHeader) {
      List<String> types = new ArrayList<>();
      List<String> messages = new ArrayList<>();
      boolean validation = false;
      if (body != null && body.isObject()) {
        JsonNode detail = body.path("detail");
        if (detail.isArray()) {
          for (JsonNode item : detail) {
            addText(types, item.path("type"));
            String msg =
                item.path("msg").isTextual()
                    ? item.path("msg").asText()
                    : item.path("message").asText("");
            String loc = location(item.path("loc"));
            validation |= item.has("loc");
            if (!msg.isEmpty()) {
              messages.add(loc.isEmpty() ? msg : loc + ": " + msg);
            }
          }
        } else if (detail.isObject()) {
          addText(types, detail.path("type"));
          addText(types, detail.path("error"));
          addText(messages, detail.path("message"));
          addText(messages, detail.path("msg"));
        } else {
          addText(messages, detail);
        }
        addText(types, body.path("error_type"));
        if (messages.isEmpty()) {
          addText(messages, body.path("message"));
          addText(messages, body.path("error"));
        }
      }
      if (errorTypeHeader != null && !errorTypeHeader.isBlank()) {
        types.add(errorTypeHeader.strip());
      }
      String message =
          ProviderException.redactNames(
              String.join("; ", messages).replaceAll("\\s+", " ").strip(), FalProvider.NAME);
      if (message.length() > MAX_MESSAGE) {
        message = message.substring(0, MAX_MESSAGE - 1) + "…";
      }
      return new Details(List.copyOf(types), message, validation);
    }

    boolean mentionsModeration() {
      String text = (String.join(" ", types) + " " + message).toLowerCase(Locale.ROOT);
      return MODERATION.matcher(text).find();
    }

    private static void addText(List<String> into, JsonNode node) {
      if (node.isTextual() && !node.asText().isBlank()) {
        into.add(node.asText().strip());
      }
    }

    /** {@code ["body", "prompt"]} → {@code prompt}; {@code ["body"]} → nothing. */
    private static String location(JsonNode loc) {
      List<String> parts = new ArrayList<>();
      if (loc.isArray()) {
        for (JsonNode p : loc) {
          if (!(parts.isEmpty() && p.asText().equals("body"))) {
            parts.add(p.asText());
          }
        }
      }
      return String.join(".", parts);
    }
  }
}
