package io.modelroute.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.Usage;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderRequest;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code succeeded} prediction into the canonical pieces, by the model's category.
 *
 * <ul>
 *   <li>TEXT: {@code output} is a string or an array of string tokens, joined as they are; usage
 *       from {@code metrics.input_token_count} / {@code output_token_count}, the output count
 *       falling back to the number of tokens in an array output.
 *   <li>IMAGE, VIDEO, AUDIO: every URL in {@code output} (a string, an array, or URLs nested in an
 *       object, in document order) on Replicate's hosts (the API host, {@code replicate.delivery})
 *       becomes an {@link OutputMedia} whose source streams the URL when the engine re-hosts it;
 *       {@code data:} URIs are decoded. URLs to other hosts are ignored and logged: the gateway
 *       does not fetch addresses a model chose. The type comes from the URL's extension, else from
 *       a HEAD request's {@code Content-Type}, else {@code application/octet-stream}. Width and
 *       height come from the input's {@code width} and {@code height}, duration from its {@code
 *       duration} (Replicate reports none of them).
 *   <li>Usage for IMAGE: per image {@code width × height / 1e6} megapixels, 1 MP when the input
 *       names no size. For VIDEO and AUDIO: the input's {@code duration} per file; without one,
 *       {@code metrics.predict_time} (the model's run time — a last resort, it is not the media
 *       length); without that, 1 s per file, as the estimate assumes.
 * </ul>
 *
 * A media model whose output holds no URL (including outputs Replicate already deleted, {@code
 * data_removed}) fails with retryable {@code GENERATION_FAILED}.
 */
final class PredictionOutputs {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionOutputs.class);

  /** The RFC 2397 shape, so prose that merely starts with "data:" is not taken for a file. */
  private static final Pattern DATA_URI =
      Pattern.compile("(?i)data:([a-z0-9.+-]+/[a-z0-9.+-]+)?(;[a-z0-9=._+-]+)*,");

  private PredictionOutputs() {}

  static Completed completed(JsonNode prediction, ProviderRequest request, ReplicateApi api) {
    JsonNode output = prediction.path("output");
    JsonNode metrics = prediction.path("metrics");
    Category category = request.model().category();
    if (category == Category.TEXT) {
      return text(output, metrics, removed(prediction));
    }
    List<String> urls = new ArrayList<>();
    collectUrls(output, urls);
    int found = urls.size();
    urls.removeIf(
        url ->
            !url.regionMatches(true, 0, "data:", 0, 5) && !api.isReplicateHost(HttpUrl.get(url)));
    if (urls.size() < found) {
      LOG.warn(
          "prediction {}: ignored {} output URL(s) outside Replicate's hosts",
          prediction.path("id").asText(""),
          found - urls.size());
    }
    if (urls.isEmpty()) {
      throw new ProviderException(
          ErrorCode.GENERATION_FAILED,
          removed(prediction)
              ? "The output is no longer available upstream"
              : "The model returned no output files");
    }
    ObjectNode input = request.input();
    boolean visual = category == Category.IMAGE || category == Category.VIDEO;
    Integer width = visual ? positiveInt(input.get("width")) : null;
    Integer height = visual ? positiveInt(input.get("height")) : null;
    BigDecimal duration =
        category == Category.IMAGE ? null : positiveDecimal(input.get("duration"));
    List<OutputMedia> media = new ArrayList<>();
    for (String url : urls) {
      media.add(media(url, width, height, duration, api));
    }
    return new Completed(
        media, null, usage(category, media.size(), width, height, duration, metrics));
  }

  private static Completed text(JsonNode output, JsonNode metrics, boolean removed) {
    StringBuilder text = new StringBuilder();
    long tokensInOutput = 0;
    if (output.isArray()) {
      for (JsonNode token : output) {
        text.append(token.isTextual() ? token.asText() : token.isNull() ? "" : token.toString());
        tokensInOutput++;
      }
    } else if (output.isTextual()) {
      text.append(output.asText());
    } else if (output.isMissingNode() || output.isNull()) {
      if (removed) {
        throw new ProviderException(
            ErrorCode.GENERATION_FAILED, "The output is no longer available upstream");
      }
    } else {
      text.append(output.toString());
    }
    long in = count(metrics.get("input_token_count"), 0);
    long out = count(metrics.get("output_token_count"), tokensInOutput);
    return Completed.text(text.toString(), Usage.tokens(in, out));
  }

  private static Usage usage(
      Category category,
      int files,
      Integer width,
      Integer height,
      BigDecimal duration,
      JsonNode metrics) {
    BigDecimal n = BigDecimal.valueOf(files);
    if (category == Category.IMAGE) {
      BigDecimal each =
          width != null && height != null
              ? BigDecimal.valueOf((long) width * height).movePointLeft(6)
              : BigDecimal.ONE;
      return Usage.megapixels(each.multiply(n));
    }
    if (duration != null) {
      return Usage.seconds(duration.multiply(n));
    }
    BigDecimal predictTime = positiveDecimal(metrics.get("predict_time"));
    return Usage.seconds(predictTime != null ? predictTime : n);
  }

  private static OutputMedia media(
      String url, Integer width, Integer height, BigDecimal duration, ReplicateApi api) {
    if (url.regionMatches(true, 0, "data:", 0, 5)) {
      return dataUri(url, width, height, duration);
    }
    HttpUrl parsed = HttpUrl.get(url);
    MediaTypes type =
        MediaTypes.fromPath(parsed.encodedPath())
            .or(() -> api.contentType(parsed).flatMap(MediaTypes::fromContentType))
            .orElse(MediaTypes.OCTET_STREAM);
    return new OutputMedia(
        type.contentType(), type.format(), width, height, duration, api.source(parsed));
  }

  /** {@code data:[<type>][;base64],<data>}, the whole file inline in the JSON already read. */
  private static OutputMedia dataUri(
      String uri, Integer width, Integer height, BigDecimal duration) {
    int comma = uri.indexOf(',');
    if (comma < 0) {
      throw new ProviderException(
          ErrorCode.GENERATION_FAILED, "The model returned a malformed data URI");
    }
    String meta = uri.substring(5, comma);
    String data = uri.substring(comma + 1);
    boolean base64 = meta.toLowerCase(Locale.ROOT).endsWith(";base64");
    byte[] bytes;
    try {
      bytes =
          base64
              ? Base64.getMimeDecoder().decode(data)
              : URLDecoder.decode(data, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          ErrorCode.GENERATION_FAILED, "The model returned a malformed data URI", e);
    }
    MediaTypes type = MediaTypes.fromContentType(meta).orElse(MediaTypes.OCTET_STREAM);
    return new OutputMedia(
        type.contentType(),
        type.format(),
        width,
        height,
        duration,
        () -> new ByteArrayInputStream(bytes));
  }

  private static void collectUrls(JsonNode node, List<String> urls) {
    if (node.isTextual()) {
      String s = node.asText().trim();
      String lower = s.toLowerCase(Locale.ROOT);
      if ((lower.startsWith("https://") || lower.startsWith("http://")) && HttpUrl.parse(s) != null
          || DATA_URI.matcher(s).lookingAt()) {
        urls.add(s);
      }
    } else if (node.isArray() || node.isObject()) {
      node.forEach(child -> collectUrls(child, urls));
    }
  }

  private static boolean removed(JsonNode prediction) {
    return prediction.path("data_removed").asBoolean(false);
  }

  private static long count(JsonNode node, long fallback) {
    return node != null && node.canConvertToLong() && node.asLong() >= 0 && node.isNumber()
        ? node.asLong()
        : fallback;
  }

  private static Integer positiveInt(JsonNode node) {
    if (node == null || !node.isNumber() || !node.canConvertToInt()) {
      return null;
    }
    BigDecimal d = node.decimalValue();
    return d.signum() > 0 && d.stripTrailingZeros().scale() <= 0 ? d.intValueExact() : null;
  }

  private static BigDecimal positiveDecimal(JsonNode node) {
    return node != null && node.isNumber() && node.decimalValue().signum() > 0
        ? node.decimalValue()
        : null;
  }
}
