package io.modelroute.provider.fal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Signs webhooks the way fal does, with a key pair made for the test. */
record WebhookSigner(KeyPair pair) {
  static WebhookSigner generate() {
    try {
      return new WebhookSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  FalWebhookKeys keys() {
    return FalWebhookKeys.of(List.of(pair.getPublic()));
  }

  PublicKey publicKey() {
    return pair.getPublic();
  }

  /** The raw 32-byte key, base64url without padding: a JWK's {@code x}. */
  String jwkX() {
    byte[] der = pair.getPublic().getEncoded();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
  }

  String jwks() {
    return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
        + jwkX()
        + "\",\"kid\":\"k1\"}]}";
  }

  /** The four {@code x-fal-webhook-*} headers (lowercase, as the gateway hands them over). */
  Map<String, String> headers(String requestId, Instant at, String body) {
    String timestamp = Long.toString(at.getEpochSecond());
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(FalWebhookSignature.message(requestId, "user-1", timestamp, bytes));
      return Map.of(
          "x-fal-webhook-request-id",
          requestId,
          "x-fal-webhook-user-id",
          "user-1",
          "x-fal-webhook-timestamp",
          timestamp,
          "x-fal-webhook-signature",
          HexFormat.of().formatHex(signer.sign()),
          "content-type",
          "application/json");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
