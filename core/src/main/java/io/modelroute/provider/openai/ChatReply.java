package io.modelroute.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.catalog.Usage;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import okio.BufferedSource;

/**
 * Reads a chat completion answer, streamed ({@link #fromStream}) or whole ({@link #fromJson}), into
 * its text and the token counts the server reported.
 *
 * @param promptTokens reported input tokens, or {@code null}
 * @param completionTokens reported output tokens, or {@code null}
 */
record ChatReply(String text, Long promptTokens, Long completionTokens) {

  /**
   * The usage to bill: the server's counts, or where it reported none an estimate of one token per
   * four characters, rounded up (at least one input token).
   */
  Usage usage(long inputChars) {
    long in = promptTokens != null ? promptTokens : Math.max(1, ceilQuarter(inputChars));
    long out = completionTokens != null ? completionTokens : ceilQuarter(text.length());
    return Usage.tokens(in, out);
  }

  boolean estimated() {
    return promptTokens == null || completionTokens == null;
  }

  private static long ceilQuarter(long chars) {
    return (chars + 3) / 4;
  }

  /**
   * Consumes Server-Sent Events until {@code data: [DONE]}: each {@code choices[0].delta.content}
   * goes to {@code listener.onDelta} as it arrives, a chunk with {@code usage} sets the counts, an
   * {@code error} object fails the call as classified by {@link OpenAiErrors#inBody}. A stream that
   * ends without {@code [DONE]} and without a finish reason was cut off: GENERATION_FAILED.
   */
  static ChatReply fromStream(BufferedSource body, ProgressListener listener) throws IOException {
    ServerSentEvents events = new ServerSentEvents(body);
    Accumulator acc = new Accumulator();
    boolean done = false;
    ServerSentEvents.Event event;
    while ((event = events.next()) != null) {
      String data = event.data().strip();
      if (data.equals("[DONE]")) {
        done = true;
        break;
      }
      if (data.isEmpty()) {
        continue;
      }
      JsonNode chunk = Json.mapper().readTree(data);
      if (chunk.hasNonNull("error") || event.type().equals("error")) {
        throw OpenAiErrors.inBody(OpenAiErrors.ErrorBody.of(chunk));
      }
      JsonNode choice = chunk.path("choices").path(0);
      JsonNode delta = choice.path("delta");
      String content = delta.path("content").asText("");
      if (!content.isEmpty()) {
        acc.text.append(content);
        listener.onDelta(content);
      }
      acc.refusal.append(delta.path("refusal").asText(""));
      acc.finish(choice.path("finish_reason"));
      acc.usage(chunk.get("usage"));
    }
    if (!done && acc.finishReason == null) {
      throw new ProviderException(
          ErrorCode.GENERATION_FAILED, "Provider's stream ended before completion");
    }
    return acc.reply();
  }

  /**
   * Reads a whole {@code chat.completion} object: {@code choices[0].message.content} and {@code
   * usage}; the text goes to {@code listener.onDelta} once, so streaming clients still see it.
   */
  static ChatReply fromJson(InputStream body, ProgressListener listener) throws IOException {
    JsonNode node = Json.mapper().readTree(body);
    if (node == null || !node.isObject()) {
      throw new ProviderException(
          ErrorCode.GENERATION_FAILED, "Provider answered without a completion");
    }
    if (node.hasNonNull("error")) {
      throw OpenAiErrors.inBody(OpenAiErrors.ErrorBody.of(node));
    }
    JsonNode choice = node.path("choices").path(0);
    if (!choice.isObject()) {
      throw new ProviderException(ErrorCode.GENERATION_FAILED, "Provider answered without choices");
    }
    Accumulator acc = new Accumulator();
    acc.text.append(choice.path("message").path("content").asText(""));
    acc.refusal.append(choice.path("message").path("refusal").asText(""));
    acc.finish(choice.path("finish_reason"));
    acc.usage(node.get("usage"));
    ChatReply reply = acc.reply();
    if (!reply.text().isEmpty()) {
      listener.onDelta(reply.text());
    }
    return reply;
  }

  private static final class Accumulator {
    final StringBuilder text = new StringBuilder();
    final StringBuilder refusal = new StringBuilder();
    String finishReason;
    Long promptTokens;
    Long completionTokens;

    void finish(JsonNode reason) {
      if (reason.isTextual()) {
        finishReason = reason.asText();
      }
    }

    void usage(JsonNode usage) {
      if (usage == null || !usage.isObject()) {
        return;
      }
      if (usage.path("prompt_tokens").canConvertToLong()
          && usage.path("prompt_tokens").isNumber()) {
        promptTokens = Math.max(0, usage.get("prompt_tokens").asLong());
      }
      if (usage.path("completion_tokens").canConvertToLong()
          && usage.path("completion_tokens").isNumber()) {
        completionTokens = Math.max(0, usage.get("completion_tokens").asLong());
      }
    }

    /** The reply; a content filter stop or a bare refusal is a moderation rejection. */
    ChatReply reply() {
      if ("content_filter".equals(finishReason)) {
        throw new ProviderException(
            ErrorCode.CONTENT_MODERATION_REJECTED,
            "Provider's content filter stopped the completion");
      }
      if (text.isEmpty() && !refusal.isEmpty()) {
        throw new ProviderException(
            ErrorCode.CONTENT_MODERATION_REJECTED,
            "Model refused the request: " + clip(refusal.toString()));
      }
      return new ChatReply(text.toString(), promptTokens, completionTokens);
    }

    private static String clip(String s) {
      return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }
  }
}
