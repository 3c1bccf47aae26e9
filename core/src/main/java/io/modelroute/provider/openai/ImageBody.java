package io.modelroute.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@code POST /images/generations} body: {@code model}, {@code prompt}, {@code n: 1},
 * {@code size} and {@code response_format} (from the route, {@code b64_json} by default).
 *
 * <p>{@code size} is the mapped input's {@code size} string, else {@code "<width>x<height>"} from
 * its {@code width} and {@code height}, else the route's default {@code size}. As for chat, without
 * a template only well-known image parameters ({@link #PASSED_WITHOUT_TEMPLATE}) are passed on;
 * with one every mapped field is.
 *
 * @param requestedWidth width asked for, or {@code null} when the size is not {@code WxH}
 * @param requestedHeight height asked for, or {@code null}
 */
record ImageBody(ObjectNode json, Integer requestedWidth, Integer requestedHeight) {
  static final Set<String> PASSED_WITHOUT_TEMPLATE =
      Set.of("quality", "style", "background", "output_format", "output_compression", "moderation");
  private static final Set<String> NEVER_PASSED =
      Set.of("prompt", "model", "n", "size", "width", "height", "response_format");
  static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

  static ImageBody from(ProviderRequest request, RouteOptions options) {
    ObjectNode mapped = Inputs.mapped(request);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("model", Inputs.providerModel(request));
    JsonNode prompt = mapped.get("prompt");
    if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
      throw new ProviderException(ErrorCode.INPUT_VALIDATION_ERROR, "Image input needs a prompt");
    }
    body.put("prompt", prompt.asText());
    body.put("n", 1);
    String size = size(mapped, options);
    if (size != null) {
      body.put("size", size);
    }
    if (options.responseFormat() != null) {
      body.put("response_format", options.responseFormat());
    }
    boolean templated = request.route().params().hasNonNull("input");
    Iterator<Map.Entry<String, JsonNode>> fields = mapped.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      if (!NEVER_PASSED.contains(name) && (templated || PASSED_WITHOUT_TEMPLATE.contains(name))) {
        body.set(name, f.getValue().deepCopy());
      }
    }
    Matcher m = size == null ? null : SIZE.matcher(size);
    return m != null && m.matches()
        ? new ImageBody(body, Integer.valueOf(m.group(1)), Integer.valueOf(m.group(2)))
        : new ImageBody(body, null, null);
  }

  private static String size(ObjectNode mapped, RouteOptions options) {
    JsonNode size = mapped.get("size");
    if (size != null && size.isTextual()) {
      return size.asText();
    }
    JsonNode w = mapped.get("width");
    JsonNode h = mapped.get("height");
    if (w != null && h != null && w.canConvertToInt() && h.canConvertToInt()) {
      if (w.asInt() <= 0 || h.asInt() <= 0) {
        throw new ProviderException(
            ErrorCode.INPUT_VALIDATION_ERROR, "Image width and height must be positive");
      }
      return w.asInt() + "x" + h.asInt();
    }
    return options.size();
  }
}
