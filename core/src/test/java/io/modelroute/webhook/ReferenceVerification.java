package io.modelroute.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The reference verification of the ModelRoute docs (webhooks/verification, Python), line for line
 * with javax.crypto, independent of the production code:
 *
 * <pre>
 * def verify_webhook(payload: bytes, secret, signature, timestamp):
 *     if abs(now - int(timestamp)) > 300: return False
 *     expected = hmac.new(secret.encode("utf-8"),
 *         f"{timestamp}.{payload.decode('utf-8')}".encode("utf-8"), hashlib.sha256).hexdigest()
 *     return hmac.compare_digest(expected, signature)
 * </pre>
 */
final class ReferenceVerification {
  private ReferenceVerification() {}

  static boolean verifyWebhook(
      byte[] payload, String secret, String signature, String timestamp, long nowSeconds)
      throws Exception {
    if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > 300) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String message = timestamp + "." + new String(payload, StandardCharsets.UTF_8);
    String expected =
        HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
  }
}
