package io.modelroute.provider.replicate;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Replicate's webhook signature, the Standard Webhooks scheme: {@code webhook-signature}
 * holds space-separated {@code v1,<base64>} entries, each an HMAC-SHA256 over {@code
 * "<webhook-id>.<webhook-timestamp>.<raw body>"} keyed with the base64-decoded part of the {@code
 * whsec_…} secret. A callback passes when its timestamp is within {@link #TOLERANCE} of now and any
 * {@code v1} entry matches, compared in constant time. Unlike Replicate's own JS helper, the
 * timestamp is checked, so a captured callback cannot be replayed later.
 *
 * <p>Immutable and thread-safe (a {@link Mac} is made per call).
 */
final class WebhookSignature {
  /** How far a callback's timestamp may be from now, either way. */
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final byte[] key;

  WebhookSignature(String secret) {
    this.key = ReplicateConfig.secretKey(secret);
  }

  /**
   * Returns normally when the callback is authentic.
   *
   * @throws ProviderException {@code INTERNAL_ERROR} "Callback refused: …" otherwise
   */
  void verify(Map<String, String> headers, byte[] body, Instant now) {
    String id = header(headers, "webhook-id");
    String timestamp = header(headers, "webhook-timestamp");
    String signatures = header(headers, "webhook-signature");
    if (id == null || timestamp == null || signatures == null) {
      throw refused("missing webhook signature headers");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw refused("malformed webhook-timestamp");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      throw refused("webhook-timestamp outside the tolerance");
    }
    byte[] expected = sign(id, timestamp.trim(), body);
    for (String entry : signatures.trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(entry.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw refused("no matching webhook signature");
  }

  /** The raw HMAC of a callback; package-private for tests that sign like Replicate. */
  byte[] sign(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String header(Map<String, String> headers, String name) {
    String v = headers.get(name);
    if (v != null) {
      return v;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  static ProviderException refused(String why) {
    return new ProviderException(ErrorCode.INTERNAL_ERROR, "Callback refused: " + why);
  }
}
