package io.modelroute.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signatures every delivery carries (docs/webhooks.md), shared by the sender and {@link
 * WebhookVerifier} so they can never drift apart:
 *
 * <ul>
 *   <li>{@code X-Signature}: lowercase hex of HMAC-SHA256 over {@code "<ts>.<raw body>"}, keyed
 *       with the whole secret string including {@code whsec_} (the reference algorithm of the
 *       docs);
 *   <li>{@code webhook-signature}: {@code v1,} and the base64 HMAC-SHA256 over {@code
 *       "<id>.<ts>.<raw body>"}, keyed with the base64-decoded part after {@code whsec_} (Standard
 *       Webhooks).
 * </ul>
 */
final class Signatures {
  static final String SECRET_PREFIX = "whsec_";
  private static final byte[] DOT = {'.'};

  private Signatures() {}

  /** {@code X-Signature} for {@code body} sent at Unix second {@code timestamp}. */
  static String xSignature(String secret, String timestamp, byte[] body) {
    byte[] mac =
        hmac(
            secret.getBytes(StandardCharsets.UTF_8),
            timestamp.getBytes(StandardCharsets.UTF_8),
            DOT,
            body);
    return HexFormat.of().formatHex(mac);
  }

  /** The {@code v1,…} entry of {@code webhook-signature}; {@code key} from {@link #standardKey}. */
  static String standardSignature(byte[] key, String messageId, String timestamp, byte[] body) {
    byte[] mac =
        hmac(key, (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    return "v1," + Base64.getEncoder().encodeToString(mac);
  }

  /**
   * The Standard Webhooks key: the base64 after {@code whsec_}.
   *
   * @throws IllegalArgumentException if the secret is not {@code whsec_} and base64
   */
  static byte[] standardKey(String secret) {
    if (!secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + SECRET_PREFIX);
    }
    return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
  }

  private static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
