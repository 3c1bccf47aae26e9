package io.modelroute.provider.openai;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.io.IOException;
import okio.BufferedSource;

/**
 * A minimal reader of a {@code text/event-stream} body (WHATWG Server-Sent Events): {@code data:}
 * lines of one event are joined with {@code \n}, {@code event:} names it, comment lines ({@code
 * :...}, e.g. keep-alives) and other fields are ignored, a blank line ends an event. Lines end in
 * LF or CRLF. A line longer than {@link #MAX_LINE} bytes fails as GENERATION_FAILED rather than
 * filling memory. Not thread-safe: one reader per response.
 */
final class ServerSentEvents {
  static final long MAX_LINE = 4L * 1024 * 1024;

  /** One event: its {@code event:} name ({@code message} when none) and its data. */
  record Event(String type, String data) {}

  private final BufferedSource source;

  ServerSentEvents(BufferedSource source) {
    this.source = source;
  }

  /** The next event with data, or {@code null} at the end of the stream. */
  Event next() throws IOException {
    StringBuilder data = null;
    String type = "message";
    String line;
    while ((line = readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(type, data.toString());
        }
        type = "message";
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      } else if (field.equals("event")) {
        type = value;
      }
    }
    return data == null ? null : new Event(type, data.toString());
  }

  private String readLine() throws IOException {
    long newline = source.indexOf((byte) '\n', 0, MAX_LINE);
    String line;
    if (newline >= 0) {
      line = source.readUtf8(newline);
      source.skip(1);
    } else if (source.getBuffer().size() >= MAX_LINE) {
      throw new ProviderException(
          ErrorCode.GENERATION_FAILED, "Provider sent an overlong event line");
    } else if (source.exhausted()) {
      return null;
    } else {
      line = source.readUtf8();
    }
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
