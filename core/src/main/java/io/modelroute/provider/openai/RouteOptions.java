package io.modelroute.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;

/**
 * The adapter's own settings in a route's {@code params}, next to the {@code input} template:
 *
 * <pre>
 * stream: true                 # text: ask for Server-Sent Events (default true)
 * stream_usage: true           # text: send stream_options.include_usage (default true)
 * max_tokens_field: max_tokens # text: or max_completion_tokens (newer OpenAI models)
 * size: 1024x1024              # image: size when the input has none; null sends none
 * response_format: b64_json    # image: null sends none (gpt-image-1 rejects the field)
 * </pre>
 *
 * A value of the wrong type is a catalog mistake and fails with INTERNAL_ERROR.
 *
 * @param size {@code null} to send no size
 * @param responseFormat {@code null} to send no response_format
 */
record RouteOptions(
    boolean stream,
    boolean streamUsage,
    String maxTokensField,
    String size,
    String responseFormat) {

  static final boolean DEFAULT_STREAM = true;
  static final boolean DEFAULT_STREAM_USAGE = true;
  static final String DEFAULT_MAX_TOKENS_FIELD = "max_tokens";
  static final String DEFAULT_SIZE = "1024x1024";
  static final String DEFAULT_RESPONSE_FORMAT = "b64_json";

  static RouteOptions from(ObjectNode params) {
    String field = text(params, "max_tokens_field", DEFAULT_MAX_TOKENS_FIELD);
    if (!"max_tokens".equals(field) && !"max_completion_tokens".equals(field)) {
      throw misconfigured("max_tokens_field must be max_tokens or max_completion_tokens");
    }
    return new RouteOptions(
        bool(params, "stream", DEFAULT_STREAM),
        bool(params, "stream_usage", DEFAULT_STREAM_USAGE),
        field,
        text(params, "size", DEFAULT_SIZE),
        text(params, "response_format", DEFAULT_RESPONSE_FORMAT));
  }

  private static boolean bool(ObjectNode params, String name, boolean fallback) {
    JsonNode v = params.get(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw misconfigured(name + " must be true or false");
    }
    return v.booleanValue();
  }

  /** The text at {@code name}, {@code fallback} when absent, {@code null} when explicitly null. */
  private static String text(ObjectNode params, String name, String fallback) {
    JsonNode v = params.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw misconfigured(name + " must be a non-empty string or null");
    }
    return v.asText();
  }

  static ProviderException misconfigured(String what) {
    return new ProviderException(ErrorCode.INTERNAL_ERROR, "Route params misconfigured: " + what);
  }
}
