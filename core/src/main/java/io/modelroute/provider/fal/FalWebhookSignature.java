package io.modelroute.provider.fal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks fal's webhook signature: headers {@code X-Fal-Webhook-Request-Id}, {@code -User-Id},
 * {@code -Timestamp} (Unix seconds) and {@code -Signature} (hex Ed25519 signature) over {@code
 * request_id \n user_id \n timestamp \n hex(sha256(raw body))}, valid under any of fal's keys, the
 * timestamp within {@link #TOLERANCE} of now. Stateless.
 */
final class FalWebhookSignature {
  /** Clock skew and delivery delay allowed on the timestamp. */
  static final Duration TOLERANCE = Duration.ofMinutes(5);

  static final String REQUEST_ID = "x-fal-webhook-request-id";
  static final String USER_ID = "x-fal-webhook-user-id";
  static final String TIMESTAMP = "x-fal-webhook-timestamp";
  static final String SIGNATURE = "x-fal-webhook-signature";

  /** How a check came out. */
  enum Verdict {
    VALID,
    MISSING_HEADERS,
    STALE_TIMESTAMP,
    BAD_SIGNATURE,
    KEYS_UNAVAILABLE
  }

  private FalWebhookSignature() {}

  static Verdict check(Map<String, String> headers, byte[] body, Instant now, FalWebhookKeys keys) {
    String requestId = header(headers, REQUEST_ID);
    String userId = header(headers, USER_ID);
    String timestamp = header(headers, TIMESTAMP);
    String signature = header(headers, SIGNATURE);
    if (requestId == null || userId == null || timestamp == null || signature == null) {
      return Verdict.MISSING_HEADERS;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return Verdict.STALE_TIMESTAMP;
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return Verdict.STALE_TIMESTAMP;
    }
    byte[] signatureBytes;
    try {
      signatureBytes = HexFormat.of().parseHex(signature.strip());
    } catch (IllegalArgumentException e) {
      return Verdict.BAD_SIGNATURE;
    }
    byte[] message = message(requestId, userId, timestamp.strip(), body);
    try {
      if (matchesAny(keys.keys(now, false), message, signatureBytes)
          || matchesAny(keys.keys(now, true), message, signatureBytes)) {
        return Verdict.VALID;
      }
      return Verdict.BAD_SIGNATURE;
    } catch (IOException | RuntimeException e) {
      return Verdict.KEYS_UNAVAILABLE;
    }
  }

  /** The message fal signs. */
  static byte[] message(String requestId, String userId, String timestamp, byte[] body) {
    return (requestId + "\n" + userId + "\n" + timestamp + "\n" + sha256Hex(body))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static boolean matchesAny(List<PublicKey> keys, byte[] message, byte[] signature) {
    for (PublicKey key : keys) {
      try {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message);
        if (verifier.verify(signature)) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // not an Ed25519 key or a malformed signature: try the next key
      }
    }
    return false;
  }

  private static String header(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value == null) {
      for (Map.Entry<String, String> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(name)) {
          value = e.getValue();
        }
      }
    }
    return value == null || value.isBlank() ? null : value;
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
