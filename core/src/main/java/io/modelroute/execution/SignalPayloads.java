package io.modelroute.execution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.modelroute.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The cluster signals' wire format: JSON payloads {@code {"n": sender, "e": [item, …]}} below
 * {@link #MAX_PAYLOAD_BYTES}, and the one statement that sends them. Thread-safe.
 */
final class SignalPayloads {
  /** The one channel every node listens on. */
  static final String CHANNEL = "modelroute_events";

  /** The largest payload sent; PostgreSQL refuses 8000 bytes or more. */
  static final int MAX_PAYLOAD_BYTES = 7_900;

  /**
   * Text deltas are cut into pieces of at most this many characters (fully escaped, still one
   * payload).
   */
  static final int MAX_DELTA_PIECE = 1_000;

  private final String head;
  private final int headBytes;

  SignalPayloads(String sender) {
    this.head = "{\"n\":" + Json.write(JsonNodeFactory.instance.textNode(sender)) + ",\"e\":[";
    this.headBytes = head.getBytes(StandardCharsets.UTF_8).length + 2;
  }

  static ArrayNode item(String kind) {
    return JsonNodeFactory.instance.arrayNode().add(kind);
  }

  static ArrayNode item(String kind, String id) {
    return item(kind).add(id);
  }

  /**
   * {@code text} as {@code ["d", id, piece]} items of at most {@link #MAX_DELTA_PIECE} characters,
   * in order.
   */
  static List<ArrayNode> deltas(String id, String text) {
    return deltas(id, -1, text);
  }

  /**
   * {@code text}, which starts {@code offset} characters into the execution's text, as {@code ["d",
   * id, piece, pieceOffset]} items of at most {@link #MAX_DELTA_PIECE} characters, in order (no
   * offsets when {@code offset} is negative).
   */
  static List<ArrayNode> deltas(String id, long offset, String text) {
    List<ArrayNode> items = new ArrayList<>(1);
    for (int start = 0; start < text.length(); ) {
      int end = Math.min(text.length(), start + MAX_DELTA_PIECE);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--; // never cut a surrogate pair
      }
      ArrayNode piece = item("d", id).add(text.substring(start, end));
      items.add(offset < 0 ? piece : piece.add(offset + start));
      start = end;
    }
    return items;
  }

  /**
   * Packs {@code items} into as few payloads below {@link #MAX_PAYLOAD_BYTES} as they fit, in
   * order.
   */
  List<String> pack(List<ArrayNode> items) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder(head);
    int bytes = headBytes;
    boolean empty = true;
    for (ArrayNode item : items) {
      String json = Json.write(item);
      int size = json.getBytes(StandardCharsets.UTF_8).length + 1;
      if (!empty && bytes + size > MAX_PAYLOAD_BYTES) {
        out.add(current.append("]}").toString());
        current = new StringBuilder(head);
        bytes = headBytes;
        empty = true;
      }
      current.append(empty ? "" : ",").append(json);
      bytes += size;
      empty = false;
    }
    if (!empty) {
      out.add(current.append("]}").toString());
    }
    return out;
  }

  /**
   * Sends {@code payloads} in one statement on {@code h} (inside its transaction, if any: delivered
   * at commit).
   */
  static void send(Handle h, List<String> payloads) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < payloads.size(); i++) {
      sql.append(i == 0 ? "" : ", ")
          .append("pg_notify(:channel, :p")
          .append(i)
          .append(") AS n")
          .append(i);
    }
    var query = h.createQuery(sql.toString()).bind("channel", CHANNEL);
    for (int i = 0; i < payloads.size(); i++) {
      query.bind("p" + i, payloads.get(i));
    }
    query.mapToMap().list();
  }
}
