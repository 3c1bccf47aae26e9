package io.modelroute.worker.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed URLs providers call back on: {@code <public
 * url>/v1/providers/{provider}/callback/{token}} where the token names one execution and one
 * attempt and carries an HMAC-SHA256 under a key all nodes share. A callback for another attempt
 * (after a failover) or for a finished execution is recognised and ignored, so replaying one never
 * charges twice. Without a public URL providers get no callback URL and are polled. Thread-safe.
 */
public final class CallbackUrls {
  /** The path prefix of callbacks. */
  public static final String PATH = "/v1/providers/";

  /** What a valid token names. */
  public record Token(String provider, String executionId, int attempt) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final URI publicUrl;
  private final byte[] key;

  public CallbackUrls(URI publicUrl, byte[] key) {
    this.publicUrl = publicUrl;
    this.key = key.clone();
  }

  /** The callback URL for an attempt, or null when no public URL is configured. */
  public URI urlFor(String provider, String executionId, int attempt) {
    if (publicUrl == null) {
      return null;
    }
    String base = publicUrl.toString().replaceAll("/+$", "");
    return URI.create(
        base + PATH + provider + "/callback/" + token(provider, executionId, attempt));
  }

  String token(String provider, String executionId, int attempt) {
    String payload = executionId + "." + attempt;
    return B64.encodeToString(payload.getBytes(StandardCharsets.US_ASCII))
        + "."
        + mac(provider + ":" + payload);
  }

  /** The execution and attempt a token for {@code provider} names, if its signature is right. */
  public Optional<Token> verify(String provider, String token) {
    if (token == null || token.length() > 300) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      String payload =
          new String(
              Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.US_ASCII);
      String expected = mac(provider + ":" + payload);
      if (!MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII),
          token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
        return Optional.empty();
      }
      int sep = payload.lastIndexOf('.');
      return Optional.of(
          new Token(
              provider, payload.substring(0, sep), Integer.parseInt(payload.substring(sep + 1))));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private String mac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
