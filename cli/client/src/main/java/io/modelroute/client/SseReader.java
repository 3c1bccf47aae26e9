package io.modelroute.client;

import java.io.IOException;
import okio.BufferedSource;

/**
 * Reads Server-Sent Events off a response body as they arrive (the WHATWG {@code text/event-stream}
 * rules: {@code field: value} lines, a blank line ends an event, {@code :} lines are comments,
 * several {@code data:} lines join with {@code \n}, an event without data is not dispatched). Lines
 * end with {@code \n} or {@code \r\n}; a lone {@code \r} is not treated as a line end. Not
 * thread-safe: one reader per stream.
 */
final class SseReader {
  private final BufferedSource source;
  private String retryMillis;

  SseReader(BufferedSource source) {
    this.source = source;
  }

  /** The next event; {@code null} at the end of the stream. Blocks until one is complete. */
  ServerSentEvent next() throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new ServerSentEvent(id, event == null ? "message" : event, data.toString());
        }
        id = null;
        event = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue; // a comment: the server's keep-alive
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "event" -> event = value;
        case "id" -> id = value.indexOf('\0') < 0 ? value : id;
        case "retry" -> retryMillis = value;
        default -> {} // unknown fields are ignored, as the standard says
      }
    }
    return null; // an unfinished event at the end of the stream is dropped, as the standard says
  }

  /** The last {@code retry:} field the server sent, in milliseconds, when it sent a valid one. */
  Long retryMillis() {
    try {
      return retryMillis == null ? null : Long.parseLong(retryMillis.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
