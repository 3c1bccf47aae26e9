package io.modelroute.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@code POST /chat/completions} body from a request: the canonical input, mapped by the
 * route's {@code params.input} template when there is one, becomes {@code messages} ({@code system}
 * → a system message, {@code messages} as given, {@code prompt} → a final user message), {@code
 * max_tokens} (under the route's {@code max_tokens_field}) and the sampling parameters.
 *
 * <p>Without a template only the well-known chat parameters ({@link #PASSED_WITHOUT_TEMPLATE}) are
 * passed on, so a canonical field the server does not know cannot break the call; with a template
 * every mapped field is passed on, because the operator wrote it.
 *
 * @param json the body
 * @param inputChars characters of message text sent, for estimating tokens when the server reports
 *     no usage
 */
record ChatBody(ObjectNode json, long inputChars) {
  static final Set<String> PASSED_WITHOUT_TEMPLATE =
      Set.of(
          "temperature",
          "top_p",
          "stop",
          "seed",
          "presence_penalty",
          "frequency_penalty",
          "response_format",
          "reasoning_effort");
  private static final Set<String> NEVER_PASSED =
      Set.of(
          "prompt",
          "system",
          "messages",
          "max_tokens",
          "max_completion_tokens",
          "model",
          "stream",
          "stream_options",
          "n");

  static ChatBody from(ProviderRequest request, RouteOptions options) {
    ObjectNode params = request.route().params();
    ObjectNode mapped = Inputs.mapped(request);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", Inputs.providerModel(request));

    ArrayNode messages = body.putArray("messages");
    JsonNode system = mapped.get("system");
    if (system != null && system.isTextual() && !system.asText().isEmpty()) {
      messages.addObject().put("role", "system").put("content", system.asText());
    }
    JsonNode given = mapped.get("messages");
    if (given != null && !given.isNull()) {
      if (!given.isArray()) {
        throw invalid("messages must be an array");
      }
      for (JsonNode message : given) {
        if (!message.isObject() || !message.path("role").isTextual()) {
          throw invalid("every message needs a role");
        }
        messages.add(message.deepCopy());
      }
    }
    JsonNode prompt = mapped.get("prompt");
    if (prompt != null && prompt.isTextual()) {
      messages.addObject().put("role", "user").put("content", prompt.asText());
    }
    if (messages.isEmpty()) {
      throw invalid("input needs a prompt or messages");
    }

    JsonNode maxTokens =
        mapped.has("max_tokens") ? mapped.get("max_tokens") : mapped.get("max_completion_tokens");
    if (maxTokens != null && !maxTokens.isNull()) {
      body.set(options.maxTokensField(), maxTokens.deepCopy());
    }
    boolean templated = params.hasNonNull("input");
    Iterator<Map.Entry<String, JsonNode>> fields = mapped.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      if (!NEVER_PASSED.contains(name) && (templated || PASSED_WITHOUT_TEMPLATE.contains(name))) {
        body.set(name, f.getValue().deepCopy());
      }
    }
    body.put("stream", options.stream());
    if (options.stream() && options.streamUsage()) {
      body.putObject("stream_options").put("include_usage", true);
    }
    return new ChatBody(body, chars(messages));
  }

  /** Characters of text in the messages: string contents and the {@code text} of content parts. */
  private static long chars(ArrayNode messages) {
    long n = 0;
    for (JsonNode message : messages) {
      JsonNode content = message.get("content");
      if (content == null) {
        continue;
      }
      if (content.isTextual()) {
        n += content.asText().length();
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          n += part.path("text").asText("").length();
        }
      }
    }
    return n;
  }

  private static ProviderException invalid(String what) {
    return new ProviderException(ErrorCode.INPUT_VALIDATION_ERROR, "Invalid chat input: " + what);
  }
}
