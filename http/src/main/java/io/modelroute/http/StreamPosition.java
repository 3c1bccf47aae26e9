package io.modelroute.http;

import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far an event stream has got, written as every event's {@code id:} and read back from {@code
 * Last-Event-ID}: {@code <event>.<text>.<progress>} — the {@code seq} of the last stored event
 * (outbox row, 0 before any), the characters of output text sent (UTF-16 units, as JavaScript
 * counts them) and the number of progress reports sent. All three are counted from what is stored
 * or from what the node running the execution counted and told the others, so the same event has
 * the same id on every node and after a restart; along one stream none of the three ever decreases
 * and each event raises one of them.
 */
record StreamPosition(long seq, long text, int progress) {
  static final StreamPosition START = new StreamPosition(0, 0, 0);
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,18})\\.(\\d{1,18})\\.(\\d{1,9})");

  /** The position in a {@code Last-Event-ID} header; null when absent or empty (a fresh stream). */
  static StreamPosition parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher m = FORMAT.matcher(header.strip());
    if (!m.matches()) {
      throw garbled(
          "Last-Event-ID must be an id this server sent (<event>.<text>.<progress>, e.g. 0.0.0)");
    }
    return new StreamPosition(
        Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)));
  }

  static ModelRouteException garbled(String message) {
    return ModelRouteException.invalid("Last-Event-ID", FieldError.INVALID_VALUE, message);
  }

  StreamPosition withSeq(long s) {
    return new StreamPosition(s, text, progress);
  }

  StreamPosition withText(long t) {
    return new StreamPosition(seq, t, progress);
  }

  StreamPosition withProgress(int p) {
    return new StreamPosition(seq, text, p);
  }

  /** The {@code id:} of the event that brought the stream here. */
  String id() {
    return seq + "." + text + "." + progress;
  }
}
