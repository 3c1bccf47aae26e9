package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelroute.Json;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds an execution's {@code input} object from {@code -i KEY=VALUE} arguments.
 *
 * <p>A value that looks like a JSON number, {@code true}, {@code false} or {@code null} is sent as
 * that JSON value ({@code width=512} → {@code 512}); a value that is a JSON array, object or quoted
 * string is sent as parsed ({@code 'zip="02134"'} forces a string); anything else is a string.
 * Numbers with leading zeros ({@code 007}) stay strings. {@code KEY=@path} names a local file to
 * upload; its field then gets the uploaded file's {@code file_…} reference ({@code KEY='"@x"'}
 * sends the string {@code @x}).
 */
final class InputValues {
  /** The input object without the file fields, and the local file each file field names. */
  record Parsed(ObjectNode input, Map<String, Path> files) {}

  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private InputValues() {}

  /**
   * Parses {@code KEY=VALUE} pairs into an input object.
   *
   * @throws IllegalArgumentException for a pair without {@code =}, an empty or repeated key, or an
   *     {@code @} without a path
   */
  static Parsed parse(List<String> pairs) {
    ObjectNode input = Json.mapper().createObjectNode();
    Map<String, Path> files = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("input must be KEY=VALUE, got '" + pair + "'");
      }
      String key = pair.substring(0, eq).trim();
      String raw = pair.substring(eq + 1);
      if (key.isEmpty()) {
        throw new IllegalArgumentException("input must be KEY=VALUE, got '" + pair + "'");
      }
      if (input.has(key) || files.containsKey(key)) {
        throw new IllegalArgumentException("input '" + key + "' is given more than once");
      }
      if (raw.startsWith("@")) {
        files.put(key, path(key, raw.substring(1)));
      } else {
        input.set(key, value(raw));
      }
    }
    return new Parsed(input, files);
  }

  private static Path path(String key, String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("input '" + key + "=@' needs a file path after the @");
    }
    try {
      if (text.startsWith("~/")) {
        return Path.of(System.getProperty("user.home")).resolve(text.substring(2));
      }
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("input '" + key + "': not a file path: " + text);
    }
  }

  /** The JSON value of one raw {@code VALUE}. */
  static JsonNode value(String raw) {
    switch (raw) {
      case "true":
        return BooleanNode.TRUE;
      case "false":
        return BooleanNode.FALSE;
      case "null":
        return NullNode.getInstance();
      default:
        break;
    }
    if (NUMBER.matcher(raw).matches()
        || raw.startsWith("[")
        || raw.startsWith("{")
        || (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\""))) {
      try {
        return Json.mapper().readTree(raw);
      } catch (IOException | RuntimeException e) {
        // not valid JSON after all ("[draft] a cat"): send it as the string it is
      }
    }
    return TextNode.valueOf(raw);
  }
}
