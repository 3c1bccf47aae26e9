package io.modelroute.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends raw bytes to a server and reads one HTTP/1.x response back, for malformed-request tests.
 */
final class RawHttp {
  /** What came back: a status line, headers and body, or nothing at all (a clean close). */
  record Answer(int status, Map<String, String> headers, String body, boolean closedWithoutAnswer) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private static final Pattern REQUEST_LINE =
      Pattern.compile("([A-Z]+) (/[^ ?]*)(?:\\?\\S*)? HTTP/1\\.[01]\r\n");

  private RawHttp() {}

  static Answer send(int port, byte[] request) throws IOException {
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(10_000);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
      } catch (IOException peerClosedEarly) {
        // the server may answer and close before it has read all of a long request
      }
      Answer answer = read(s.getInputStream());
      checkAgainstOpenApi(request, answer);
      return answer;
    }
  }

  /**
   * Holds the answer to a well-formed HTTP/1.x request line to the OpenAPI document, as the OkHttp
   * tests' client does ({@link OpenApiValidation}); answers to request lines too broken to name a
   * method and path are only held to the error shape by the tests themselves.
   */
  private static void checkAgainstOpenApi(byte[] request, Answer answer) {
    if (answer.closedWithoutAnswer()) {
      return;
    }
    String head =
        new String(request, 0, Math.min(request.length, 16 * 1024), StandardCharsets.ISO_8859_1);
    Matcher line = REQUEST_LINE.matcher(head);
    if (!line.lookingAt()) {
      return;
    }
    String type = answer.header("Content-Type");
    byte[] json =
        type != null && type.startsWith("application/json")
            ? answer.body().getBytes(StandardCharsets.UTF_8)
            : null;
    List<String> problems =
        OpenApiValidation.get()
            .check(line.group(1), line.group(2), answer.status(), answer::header, json);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "OpenAPI mismatch: "
              + line.group(1)
              + " "
              + line.group(2)
              + " → "
              + answer.status()
              + "\n  "
              + String.join("\n  ", problems));
    }
  }

  static Answer send(int port, String request) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    try {
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
        matched =
            (b == '\r' && (matched == 0 || matched == 2))
                    || (b == '\n' && (matched == 1 || matched == 3))
                ? matched + 1
                : (b == '\r' ? 1 : 0);
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      if (head.size() == 0) {
        return new Answer(0, Map.of(), "", true);
      }
      throw e;
    }
    if (head.size() == 0) {
      return new Answer(0, Map.of(), "", true);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body;
    String length = headers.get("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked(in);
    } else if (status == 204 || status == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
    }
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), false);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        line(in);
        return out.toByteArray();
      }
      out.write(in.readNBytes(size));
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }
}
