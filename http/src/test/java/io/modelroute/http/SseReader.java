package io.modelroute.http;

import io.modelroute.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Reads a Server-Sent Events answer as an EventSource does (single-line data is all the server
 * sends).
 */
final class SseReader {
  /** One dispatched event: its {@code id:}, {@code event:} and {@code data:}. */
  record Sse(String id, String event, String data) {
    /** The {@code text} of an {@code output.delta}. */
    String text() {
      return Json.readTree(data).path("text").asText();
    }
  }

  final BufferedSource source;
  final List<String> retries = new ArrayList<>();
  final List<Sse> events = new ArrayList<>();

  SseReader(Response r) {
    this.source = r.body().source();
  }

  /** The next event, or null at the end of the stream. */
  Sse next() throws IOException {
    String id = null;
    String event = "message";
    String data = null;
    for (String line; (line = source.readUtf8Line()) != null; ) {
      if (line.isEmpty()) {
        if (data != null) {
          Sse e = new Sse(id, event, data);
          events.add(e);
          return e;
        }
        id = null;
        event = "message";
      } else if (line.startsWith("retry: ")) {
        retries.add(line.substring(7));
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = line.substring(6);
      }
    }
    return null;
  }

  /** Every event to the end of the stream (those read before included). */
  List<Sse> all() throws IOException {
    while (next() != null) {
      // read to the end
    }
    return events;
  }

  /** The texts of the {@code output.delta} events among {@code events}, joined. */
  static String deltas(List<Sse> events) {
    return events.stream()
        .filter(e -> e.event().equals("output.delta"))
        .map(Sse::text)
        .collect(Collectors.joining());
  }
}
