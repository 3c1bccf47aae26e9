package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import io.modelroute.internal.Ids;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks JSON Schema cannot express, made in one iterative walk over the input (no recursion,
 * so no input shape can overflow the stack): raw URLs anywhere (docs/concepts.md), file references
 * in file fields, non-finite numbers (which JSON cannot carry but a caller-built tree can), and
 * nesting deeper than {@link Json#MAX_DEPTH}.
 */
final class InputScan {
  /** Schemes that mark a string as a raw URL; matched case-insensitively after trimming. */
  static final List<String> URL_PREFIXES =
      List.of("http://", "https://", "data:", "ftp://", "s3://", "gs://");

  static final String RAW_URL_MESSAGE =
      "raw URLs are not accepted; upload the file and pass its file_… reference";

  private final List<FieldError> details = new ArrayList<>();
  private final Set<String> nonFinite = new HashSet<>();
  private boolean tooDeep;

  private InputScan() {}

  /** The problems found, in document order. */
  List<FieldError> details() {
    return details;
  }

  /** Paths ({@code input.width}) of NaN or infinite numbers. */
  Set<String> nonFinite() {
    return nonFinite;
  }

  /** Whether the input nests deeper than {@link Json#MAX_DEPTH}; the walk stopped there. */
  boolean tooDeep() {
    return tooDeep;
  }

  private record Item(String path, JsonNode node, int depth) {}

  static InputScan of(ObjectNode input, Map<String, Set<String>> fileFields) {
    InputScan scan = new InputScan();
    scan.walk(input);
    scan.checkFileFields(input, fileFields);
    return scan;
  }

  private void walk(ObjectNode input) {
    Deque<Item> stack = new ArrayDeque<>();
    stack.push(new Item("input", input, 0));
    while (!stack.isEmpty()) {
      Item item = stack.pop();
      JsonNode node = item.node();
      if (node.isContainerNode()) {
        if (item.depth() >= Json.MAX_DEPTH) {
          if (!tooDeep) {
            tooDeep = true;
            details.add(
                new FieldError(
                    item.path(),
                    FieldError.INVALID_VALUE,
                    SchemaErrorMapper.name(item.path())
                        + " is nested too deeply (at most "
                        + Json.MAX_DEPTH
                        + " levels)"));
          }
          continue;
        }
        pushChildren(stack, item);
      } else if (node.isTextual()) {
        if (isRawUrl(node.textValue())) {
          details.add(new FieldError(item.path(), FieldError.RAW_URL_NOT_ALLOWED, RAW_URL_MESSAGE));
        }
      } else if (isNonFinite(node)) {
        nonFinite.add(item.path());
        details.add(
            new FieldError(
                item.path(),
                FieldError.INVALID_VALUE,
                SchemaErrorMapper.name(item.path()) + " must be a finite number"));
      }
    }
  }

  private static void pushChildren(Deque<Item> stack, Item item) {
    // Pushed in reverse so that details come out in document order.
    List<Item> children = new ArrayList<>(item.node().size());
    if (item.node().isObject()) {
      for (Map.Entry<String, JsonNode> e : item.node().properties()) {
        children.add(new Item(item.path() + "." + e.getKey(), e.getValue(), item.depth() + 1));
      }
    } else {
      Iterator<JsonNode> elements = item.node().elements();
      for (int i = 0; elements.hasNext(); i++) {
        children.add(new Item(item.path() + "." + i, elements.next(), item.depth() + 1));
      }
    }
    for (int i = children.size() - 1; i >= 0; i--) {
      stack.push(children.get(i));
    }
  }

  private void checkFileFields(ObjectNode input, Map<String, Set<String>> fileFields) {
    for (String field : fileFields.keySet()) {
      JsonNode value = input.get(field);
      // Non-strings are the schema's INVALID_TYPE; URLs already have their own detail.
      if (value != null
          && value.isTextual()
          && !isRawUrl(value.textValue())
          && !Ids.isFileId(value.textValue())) {
        details.add(
            new FieldError(
                "input." + field,
                FieldError.INVALID_VALUE,
                field
                    + " must be a file reference (file_<id>); upload the file first and pass its id"));
      }
    }
  }

  /**
   * A copy of {@code input} with every NaN/infinite number replaced by {@code null}, for handing to
   * the schema library (which cannot compare them). Only called on inputs that were not too deep.
   */
  static ObjectNode withoutNonFinite(ObjectNode input) {
    ObjectNode copy = input.deepCopy();
    Deque<JsonNode> stack = new ArrayDeque<>();
    stack.push(copy);
    while (!stack.isEmpty()) {
      JsonNode node = stack.pop();
      if (node instanceof ObjectNode object) {
        List<String> replace = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
          if (isNonFinite(e.getValue())) {
            replace.add(e.getKey());
          } else if (e.getValue().isContainerNode()) {
            stack.push(e.getValue());
          }
        }
        replace.forEach(name -> object.set(name, NullNode.getInstance()));
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          if (isNonFinite(array.get(i))) {
            array.set(i, NullNode.getInstance());
          } else if (array.get(i).isContainerNode()) {
            stack.push(array.get(i));
          }
        }
      }
    }
    return copy;
  }

  private static boolean isNonFinite(JsonNode node) {
    return node.isFloatingPointNumber()
        && !node.isBigDecimal()
        && !Double.isFinite(node.doubleValue());
  }

  /** Whether {@code value}, trimmed, starts with one of {@link #URL_PREFIXES}, ignoring case. */
  static boolean isRawUrl(String value) {
    int start = 0;
    int length = value.length();
    while (start < length && value.charAt(start) <= ' ') {
      start++; // what String.trim() removes
    }
    for (String prefix : URL_PREFIXES) {
      if (value.regionMatches(true, start, prefix, 0, prefix.length())) {
        // "data:" is only a URL in the RFC 2397 shape (data:[type/subtype][;params],...), so a
        // prompt that merely begins "Data: summarise ..." is not refused
        return !prefix.equals("data:") || DATA_URI.matcher(value).region(start, length).lookingAt();
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern DATA_URI =
      java.util.regex.Pattern.compile(
          "(?i)data:([a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+)?(;[a-z0-9!#$&^_.+=-]+)*,");
}
