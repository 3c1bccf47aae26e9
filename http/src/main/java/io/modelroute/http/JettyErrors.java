package io.modelroute.http;

import io.modelroute.ModelRouteException;
import io.modelroute.internal.Ids;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error handler for what it rejects before any route runs (a malformed request line or
 * header, a URI or headers too long, an unknown HTTP version): an error body (docs/http-api.md)
 * with a fresh request id instead of Jetty's HTML page. Stateless, thread-safe.
 */
final class JettyErrors extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger("io.modelroute.http.access");
  private static final int MAX_REASON = 120;

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason = (String) request.getAttribute(ERROR_MESSAGE);
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException h) {
      status = h.getCode();
      reason = reason == null ? h.getReason() : reason;
    }
    if (status < 400) {
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    response.setStatus(status);
    String id = Ids.request();
    byte[] body = body(status, reason, id);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.put("X-Request-Id", id);
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    LOG.info(
        "{} {} {} {} (rejected by the HTTP layer: {})",
        id,
        request.getMethod(),
        "-",
        status,
        reason);
    if (HttpStatus.hasNoBody(status)) {
      callback.succeeded();
    } else {
      response.write(true, ByteBuffer.wrap(body), callback);
    }
    return true;
  }

  /** For a message so broken Jetty answers it without a request object. */
  @Override
  @SuppressWarnings("removal") // overrides a Jetty hook deprecated for removal; goes with it
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    String id = Ids.request();
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(new HttpField("X-Request-Id", id));
    LOG.info("{} - - {} (rejected by the HTTP layer: {})", id, status, reason);
    return ByteBuffer.wrap(body(status, reason, id));
  }

  private static byte[] body(int status, String reason, String requestId) {
    ModelRouteException e = ErrorResponses.fromStatus(status, printable(reason));
    return ErrorResponses.body(e, requestId).getBytes(StandardCharsets.UTF_8);
  }

  /** Jetty's reason ("No Host", "Illegal character SPACE=' '"), short and plain ASCII, or null. */
  private static String printable(String reason) {
    if (reason == null || reason.isBlank()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (char c : reason.toCharArray()) {
      if (sb.length() >= MAX_REASON) {
        break;
      }
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }
}
