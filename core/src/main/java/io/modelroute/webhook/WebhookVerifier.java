package io.modelroute.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Verifies the deliveries a ModelRoute server sends, for receivers written in Java. Both signature
 * schemes of docs/webhooks.md are understood:
 *
 * <ul>
 *   <li>{@code X-Signature-Timestamp} + {@code X-Signature}: hex HMAC-SHA256 of {@code
 *       "<timestamp>.<raw body>"} keyed with the whole secret ({@code whsec_…});
 *   <li>Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}
 *       ({@code v1,<base64>}, space-separated when several).
 * </ul>
 *
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier(System.getenv("MODELROUTE_WEBHOOK_SECRET"));
 * // in the handler, with the body exactly as received (do not re-serialise parsed JSON):
 * verifier.verify(request::getHeader, rawBodyBytes);   // throws WebhookVerificationException → 401
 * }</pre>
 *
 * Timestamps more than {@link #DEFAULT_TOLERANCE} away from the clock are refused (replays);
 * signatures are compared in constant time. Immutable and thread-safe: create one per secret.
 */
public final class WebhookVerifier {
  /** How far a delivery's timestamp may be from this receiver's clock. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final String secret;
  private final byte[] standardKey;
  private final Clock clock;
  private final Duration tolerance;

  /**
   * A verifier for {@code secret} ({@code whsec_…}) on the system clock with a 5 minute tolerance.
   */
  public WebhookVerifier(String secret) {
    this(secret, Clock.systemUTC(), DEFAULT_TOLERANCE);
  }

  /**
   * A verifier for {@code secret} judging timestamps by {@code clock}.
   *
   * @throws IllegalArgumentException if {@code secret} is not {@code whsec_} followed by base64
   */
  public WebhookVerifier(String secret, Clock clock, Duration tolerance) {
    this.secret = Objects.requireNonNull(secret, "secret").strip();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    try {
      this.standardKey = Signatures.standardKey(this.secret);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a webhook secret: expected whsec_ followed by base64");
    }
    if (standardKey.length == 0) {
      throw new IllegalArgumentException("not a webhook secret: the key after whsec_ is empty");
    }
  }

  /**
   * Verifies a delivery. Every scheme whose headers are present must verify, and at least one must
   * be present; a ModelRoute delivery carries both.
   *
   * @param header looks a request header up by name, case-insensitively, or returns null (e.g.
   *     {@code request::getHeader}, {@code ctx::header}, {@code
   *     exchange.getRequestHeaders()::getFirst})
   * @param rawBody the request body exactly as received
   * @throws WebhookVerificationException when the delivery must be rejected
   */
  public void verify(Function<String, String> header, byte[] rawBody) {
    Objects.requireNonNull(rawBody, "rawBody");
    String standard = header.apply("webhook-signature");
    String legacy = header.apply("X-Signature");
    if (standard == null && legacy == null) {
      throw new WebhookVerificationException(
          "no signature: expected webhook-signature or X-Signature");
    }
    if (standard != null) {
      verifyStandard(
          header.apply("webhook-id"), header.apply("webhook-timestamp"), standard, rawBody);
    }
    if (legacy != null) {
      verifySignature(header.apply("X-Signature-Timestamp"), legacy, rawBody);
    }
  }

  /** {@link #verify(Function, byte[])} over a header map whose names may be in any case. */
  public void verify(Map<String, List<String>> headers, byte[] rawBody) {
    verify(name -> first(headers, name), rawBody);
  }

  /** {@link #verify(Function, byte[])} for a body already decoded as UTF-8. */
  public void verify(Function<String, String> header, String rawBody) {
    verify(header, rawBody.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@link #verify(Function, byte[])} would accept the delivery. */
  public boolean isValid(Function<String, String> header, byte[] rawBody) {
    try {
      verify(header, rawBody);
      return true;
    } catch (WebhookVerificationException e) {
      return false;
    }
  }

  /**
   * Verifies the {@code X-Signature} scheme: the reference algorithm of the ModelRoute docs.
   *
   * @param timestamp the {@code X-Signature-Timestamp} header (Unix seconds)
   * @param signature the {@code X-Signature} header (hex)
   */
  public void verifySignature(String timestamp, String signature, byte[] rawBody) {
    if (timestamp == null || signature == null) {
      throw new WebhookVerificationException("missing X-Signature-Timestamp or X-Signature header");
    }
    checkTimestamp(timestamp);
    String expected = Signatures.xSignature(secret, timestamp.strip(), rawBody);
    if (!constantTimeEquals(expected, signature.strip().toLowerCase(Locale.ROOT))) {
      throw new WebhookVerificationException("X-Signature does not match");
    }
  }

  /**
   * Verifies the Standard Webhooks scheme.
   *
   * @param webhookId the {@code webhook-id} header
   * @param timestamp the {@code webhook-timestamp} header (Unix seconds)
   * @param signatures the {@code webhook-signature} header: {@code v1,<base64>} entries separated
   *     by spaces
   */
  public void verifyStandard(
      String webhookId, String timestamp, String signatures, byte[] rawBody) {
    if (webhookId == null || timestamp == null || signatures == null) {
      throw new WebhookVerificationException(
          "missing webhook-id, webhook-timestamp or webhook-signature header");
    }
    checkTimestamp(timestamp);
    String expected =
        Signatures.standardSignature(standardKey, webhookId, timestamp.strip(), rawBody);
    boolean match = false;
    for (String candidate : signatures.strip().split(" +")) {
      match |=
          constantTimeEquals(
              expected, candidate); // no early exit: time does not depend on position
    }
    if (!match) {
      throw new WebhookVerificationException("no webhook-signature matches");
    }
  }

  private void checkTimestamp(String timestamp) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException("the signature timestamp is not a number of seconds");
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > tolerance.toSeconds()) {
      throw new WebhookVerificationException(
          "the signature timestamp is outside the tolerance of "
              + tolerance.toSeconds()
              + " s (replayed or clock skew)");
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null
          && e.getKey().equalsIgnoreCase(name)
          && e.getValue() != null
          && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }
}
