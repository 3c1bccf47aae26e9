package io.modelroute.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Makes one delivery attempt: re-checks the URL ({@link EgressPolicy#vet}), signs the body with
 * both schemes of docs/webhooks.md and POSTs it, connecting only to the addresses just checked. No
 * redirects are followed, no proxy is used, the whole call is bounded by the configured timeout.
 * Thread-safe.
 */
final class DeliverySender {
  static final String USER_AGENT = "ModelRoute-Webhooks/1.0";

  /** How many characters of a non-2xx answer's body an attempt keeps as its error. */
  static final int MAX_BODY_EXCERPT = 500;

  private static final long MAX_BODY_BYTES = 4L * MAX_BODY_EXCERPT;
  private static final MediaType JSON = MediaType.get("application/json");

  /** What one attempt came to. */
  record Outcome(Integer statusCode, long latencyMs, String error) {
    boolean succeeded() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final EgressPolicy policy;
  private final OkHttpClient http;

  DeliverySender(EgressPolicy policy, WebhookSettings settings) {
    this.policy = policy;
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(settings.timeout())
            .connectTimeout(settings.timeout())
            .readTimeout(settings.timeout())
            .writeTimeout(settings.timeout())
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .proxy(Proxy.NO_PROXY)
            // every attempt resolves afresh through its own checked Dns: pooled connections are of
            // no use
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .build();
  }

  /**
   * POSTs {@code payload} to {@code url}, signed at {@code now} with {@code secret}, with the
   * endpoint's custom headers. Never throws for a failure of the receiver: it becomes the outcome.
   */
  Outcome send(
      String url,
      Map<String, String> customHeaders,
      String secret,
      String eventId,
      String payload,
      Instant now) {
    long started = System.nanoTime();
    EgressPolicy.Target target;
    try {
      target = policy.vet(url);
    } catch (EgressPolicy.Refused e) {
      return new Outcome(null, elapsedMs(started), "refused: " + e.getMessage());
    }
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(now.getEpochSecond());
    Request.Builder request =
        new Request.Builder().url(target.url()).post(RequestBody.create(body, JSON));
    customHeaders.forEach(request::header);
    request
        .header("User-Agent", USER_AGENT)
        .header("X-Signature-Timestamp", timestamp)
        .header("X-Signature", Signatures.xSignature(secret, timestamp, body))
        .header("webhook-id", eventId)
        .header("webhook-timestamp", timestamp)
        .header(
            "webhook-signature",
            Signatures.standardSignature(Signatures.standardKey(secret), eventId, timestamp, body));
    OkHttpClient client = http.newBuilder().dns(target.dns()).build();
    try (Response response = client.newCall(request.build()).execute()) {
      int code = response.code();
      String error = null;
      if (code >= 300 && code < 400) {
        String location = response.header("Location");
        error = "redirect" + (location == null ? "" : " to " + location) + " not followed";
      } else if (code >= 400 || code < 200) {
        error = excerpt(response);
      }
      return new Outcome(code, elapsedMs(started), error);
    } catch (InterruptedIOException e) {
      return new Outcome(null, elapsedMs(started), "timeout: no answer within the time limit");
    } catch (IOException e) {
      return new Outcome(null, elapsedMs(started), describe(e));
    } catch (RuntimeException e) {
      // OkHttp reports a few request problems (e.g. an unusable header value) unchecked
      return new Outcome(null, elapsedMs(started), describe(e));
    }
  }

  /**
   * The start of the answer's body on one line ({@code "response: …"}), at most {@value
   * #MAX_BODY_EXCERPT} characters, or null when it is empty or cannot be read in time.
   */
  private static String excerpt(Response response) {
    try {
      BufferedSource source = response.body().source();
      boolean more = source.request(MAX_BODY_BYTES + 1);
      Buffer buffer = source.getBuffer();
      String text =
          buffer
              .readString(Math.min(buffer.size(), MAX_BODY_BYTES), StandardCharsets.UTF_8)
              .replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ")
              .strip();
      if (text.isEmpty()) {
        return null;
      }
      if (text.length() > MAX_BODY_EXCERPT) {
        return "response: " + text.substring(0, MAX_BODY_EXCERPT) + "…";
      }
      return "response: " + text + (more ? "…" : "");
    } catch (IOException | RuntimeException e) {
      return null; // the status is what counts; a body that does not arrive in time is left out
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /** Releases the client's threads. */
  void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
