package io.modelroute.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.Usage;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a fal result payload into the canonical pieces, by the model's category. fal results are
 * model-specific; files are objects {@code {"url", "content_type"?, "width"?, "height"?,
 * "duration"?}} (or bare URL strings) found under the category's usual keys — images: {@code
 * images[]}, {@code image}; video: {@code video}, {@code videos[]}; audio: {@code audio}, {@code
 * audio_file}, {@code audio_url}, {@code audios[]} — and otherwise under any top-level key whose
 * files have the category's content type. Text is the first string of {@code output}, {@code text},
 * {@code response}, {@code content}, {@code result} or {@code choices[0].message.content}.
 *
 * <p>Usage follows what fal reports and otherwise the catalog's estimate rules: megapixels = Σ
 * width × height / 10⁶ per image (sizes from the file, else the input's {@code width}/{@code
 * height}, else one megapixel); seconds = Σ duration per file (from the file, the payload's {@code
 * duration}, the input's {@code duration}, else one second); tokens from {@code usage} ({@code
 * prompt_tokens}/{@code input_tokens}, {@code completion_tokens}/{@code output_tokens}), else
 * characters / 4 rounded up. Stateless.
 */
final class FalOutput {
  private static final Map<Category, List<String>> FILE_KEYS =
      Map.of(
          Category.IMAGE, List.of("images", "image"),
          Category.VIDEO, List.of("video", "videos"),
          Category.AUDIO, List.of("audio", "audio_file", "audio_url", "audios"));
  private static final List<String> TEXT_KEYS =
      List.of("output", "text", "response", "content", "result");
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private FalOutput() {}

  /**
   * The outcome of a completed request.
   *
   * @param download opens an {@code http(s)} file URL (a streaming GET); {@code data:} URLs are
   *     decoded here
   * @throws io.modelroute.provider.ProviderException {@code GENERATION_FAILED} when the payload
   *     holds no output of the model's category
   */
  static Completed map(
      Category category,
      JsonNode payload,
      ObjectNode input,
      Function<String, OutputMedia.Source> download) {
    if (payload == null || !payload.isObject()) {
      throw FalErrors.unexpected("a result that is not a JSON object", null);
    }
    return category == Category.TEXT
        ? text(payload, input)
        : media(category, payload, input, download);
  }

  private static Completed media(
      Category category,
      JsonNode payload,
      ObjectNode input,
      Function<String, OutputMedia.Source> download) {
    List<JsonNode> files = new ArrayList<>();
    for (String key : FILE_KEYS.get(category)) {
      collect(payload.get(key), files, null);
    }
    if (files.isEmpty()) {
      Iterator<JsonNode> values = payload.elements();
      while (values.hasNext()) {
        collect(values.next(), files, category);
      }
    }
    List<OutputMedia> media = new ArrayList<>();
    BigDecimal megapixels = BigDecimal.ZERO;
    BigDecimal seconds = BigDecimal.ZERO;
    for (JsonNode file : files) {
      String url = file.path("url").asText();
      String contentType =
          MediaTypes.contentType(file.path("content_type").asText(null), url, category);
      Integer width = positiveInt(file.get("width"));
      Integer height = positiveInt(file.get("height"));
      if (width == null || height == null) {
        width = positiveInt(input.get("width"));
        height = positiveInt(input.get("height"));
      }
      BigDecimal duration = null;
      if (category != Category.IMAGE) {
        duration =
            firstNonNull(
                positive(file.get("duration")),
                files.size() == 1 ? positive(payload.get("duration")) : null,
                positive(input.get("duration")));
        seconds = seconds.add(duration == null ? BigDecimal.ONE : duration);
      } else {
        megapixels =
            megapixels.add(
                width == null || height == null
                    ? BigDecimal.ONE
                    : BigDecimal.valueOf((long) width * height).divide(MILLION));
      }
      OutputMedia.Source source =
          url.regionMatches(true, 0, "data:", 0, 5) ? DataUri.source(url) : download.apply(url);
      media.add(
          new OutputMedia(
              contentType,
              MediaTypes.format(contentType),
              category == Category.AUDIO ? null : width,
              category == Category.AUDIO ? null : height,
              duration,
              source));
    }
    if (media.isEmpty()) {
      throw FalErrors.unexpected("no " + category.wireName() + " output", null);
    }
    Usage usage =
        category == Category.IMAGE ? Usage.megapixels(megapixels) : Usage.seconds(seconds);
    return new Completed(media, null, usage);
  }

  /**
   * Adds file objects (or URL strings) in {@code node}, an array of them, keeping only {@code
   * only}'s type.
   */
  private static void collect(JsonNode node, List<JsonNode> into, Category only) {
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        collect(item, into, only);
      }
      return;
    }
    JsonNode file = node;
    if (node.isTextual()) {
      file = Json.mapper().createObjectNode().put("url", node.asText());
    }
    if (!file.isObject() || !isUsableUrl(file.path("url").asText(""))) {
      return;
    }
    if (only != null) {
      String type =
          MediaTypes.contentType(
              file.path("content_type").asText(null), file.path("url").asText(), null);
      if (type == null || !type.startsWith(only.wireName() + "/")) {
        return;
      }
    }
    into.add(file);
  }

  private static boolean isUsableUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:");
  }

  private static Completed text(JsonNode payload, ObjectNode input) {
    String text = null;
    for (String key : TEXT_KEYS) {
      if (payload.path(key).isTextual()) {
        text = payload.path(key).asText();
        break;
      }
    }
    if (text == null
        && payload.path("choices").path(0).path("message").path("content").isTextual()) {
      text = payload.path("choices").path(0).path("message").path("content").asText();
    }
    if (text == null) {
      throw FalErrors.unexpected("no text output", null);
    }
    JsonNode usage = payload.path("usage");
    Long in =
        firstNonNull(count(usage.get("prompt_tokens")), count(usage.get("input_tokens")), null);
    Long out =
        firstNonNull(
            count(usage.get("completion_tokens")), count(usage.get("output_tokens")), null);
    return Completed.text(
        text,
        Usage.tokens(
            in == null ? estimatedTokens(input) : in, out == null ? quarterRoundedUp(text) : out));
  }

  /** The catalog's estimate of input tokens: characters of every string value / 4, at least 1. */
  private static long estimatedTokens(JsonNode input) {
    long characters = 0;
    List<JsonNode> stack = new ArrayList<>(List.of(input));
    while (!stack.isEmpty()) {
      JsonNode node = stack.remove(stack.size() - 1);
      if (node.isTextual()) {
        characters += node.asText().codePointCount(0, node.asText().length());
      } else if (node.isContainerNode()) {
        node.forEach(stack::add);
      }
    }
    return Math.max(1, (characters + 3) / 4);
  }

  private static long quarterRoundedUp(String text) {
    return (text.codePointCount(0, text.length()) + 3L) / 4;
  }

  private static Long count(JsonNode node) {
    return node != null && node.canConvertToLong() && node.isIntegralNumber() && node.asLong() >= 0
        ? node.asLong()
        : null;
  }

  private static Integer positiveInt(JsonNode node) {
    BigDecimal value = positive(node);
    if (value == null
        || value.stripTrailingZeros().scale() > 0
        || value.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      return null;
    }
    return value.intValue();
  }

  /**
   * A positive number, or a numeric string such as {@code "5"} or {@code "5s"}; else {@code null}.
   */
  static BigDecimal positive(JsonNode node) {
    if (node == null) {
      return null;
    }
    BigDecimal value = null;
    if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isTextual() && node.asText().strip().matches("\\d{1,9}(\\.\\d{1,6})?s?")) {
      value = new BigDecimal(node.asText().strip().replace("s", ""));
    }
    return value == null || value.signum() <= 0 ? null : value;
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
