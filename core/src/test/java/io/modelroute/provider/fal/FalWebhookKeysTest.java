package io.modelroute.provider.fal;

import static io.modelroute.provider.fal.FalFixtures.NOW;
import static io.modelroute.provider.fal.FalFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.provider.fal.FalWebhookSignature.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FalWebhookKeysTest {
  static final String BODY = "{\"request_id\":\"r1\",\"status\":\"OK\",\"payload\":{}}";
  static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

  final MockWebServer jwksHost = new MockWebServer();
  final WebhookSigner signer = WebhookSigner.generate();
  FalWebhookKeys jwks;

  @BeforeEach
  void start() throws Exception {
    jwksHost.start();
    jwks = FalWebhookKeys.jwks(new OkHttpClient(), jwksHost.url("/.well-known/jwks.json").uri());
  }

  @AfterEach
  void stop() {
    jwksHost.close();
  }

  @Test
  void aSignatureMadeWithAKeyOfTheJwksIsValid() throws Exception {
    jwksHost.enqueue(json(200, signer.jwks()));

    assertThat(FalWebhookSignature.check(signer.headers("r1", NOW, BODY), BYTES, NOW, jwks))
        .isEqualTo(Verdict.VALID);
    assertThat(jwksHost.takeRequest().getUrl().encodedPath()).isEqualTo("/.well-known/jwks.json");
  }

  @Test
  void theJwksIsFetchedOnceADay() {
    jwksHost.enqueue(json(200, signer.jwks()));
    jwksHost.enqueue(json(200, signer.jwks()));

    FalWebhookSignature.check(signer.headers("r1", NOW, BODY), BYTES, NOW, jwks);
    FalWebhookSignature.check(
        signer.headers("r1", NOW.plusSeconds(3600), BODY), BYTES, NOW.plusSeconds(3600), jwks);
    assertThat(jwksHost.getRequestCount()).isEqualTo(1);

    Verdict nextDay =
        FalWebhookSignature.check(
            signer.headers("r1", NOW.plus(Duration.ofHours(25)), BODY),
            BYTES,
            NOW.plus(Duration.ofHours(25)),
            jwks);
    assertThat(nextDay).isEqualTo(Verdict.VALID);
    assertThat(jwksHost.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anUnknownSignatureFetchesRotatedKeysButAtMostEveryFiveMinutes() {
    WebhookSigner rotated = WebhookSigner.generate();
    jwksHost.enqueue(json(200, signer.jwks()));
    jwksHost.enqueue(json(200, rotated.jwks()));
    assertThat(FalWebhookSignature.check(signer.headers("r1", NOW, BODY), BYTES, NOW, jwks))
        .isEqualTo(Verdict.VALID);

    Verdict soon =
        FalWebhookSignature.check(
            rotated.headers("r1", NOW.plusSeconds(60), BODY), BYTES, NOW.plusSeconds(60), jwks);
    assertThat(soon).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(jwksHost.getRequestCount()).isEqualTo(1);

    Verdict later =
        FalWebhookSignature.check(
            rotated.headers("r1", NOW.plusSeconds(400), BODY), BYTES, NOW.plusSeconds(400), jwks);
    assertThat(later).isEqualTo(Verdict.VALID);
    assertThat(jwksHost.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aFailedRefreshKeepsThePreviousKeys() throws Exception {
    jwksHost.enqueue(json(200, signer.jwks()));
    jwksHost.enqueue(json(503, "{}"));
    List<PublicKey> first = jwks.keys(NOW, false);

    List<PublicKey> later = jwks.keys(NOW.plus(Duration.ofHours(25)), false);

    assertThat(later).isEqualTo(first).containsExactly(signer.publicKey());
    assertThat(jwksHost.getRequestCount()).isEqualTo(2);
  }

  @Test
  void withoutAnyKeysTheWebhookCannotBeVerified() {
    jwksHost.enqueue(json(500, "oops"));

    assertThat(FalWebhookSignature.check(signer.headers("r1", NOW, BODY), BYTES, NOW, jwks))
        .isEqualTo(Verdict.KEYS_UNAVAILABLE);
  }

  @Test
  void aJwksWithoutEd25519KeysIsUnusable() {
    jwksHost.enqueue(json(200, "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"abc\",\"e\":\"AQAB\"}]}"));

    assertThatThrownBy(() -> jwks.keys(NOW, false)).isInstanceOf(IOException.class);
  }

  @Test
  void missingStaleOrMalformedHeadersAreNotValid() {
    FalWebhookKeys keys = signer.keys();
    Map<String, String> good = signer.headers("r1", NOW, BODY);
    Map<String, String> noSignature = new HashMap<>(good);
    noSignature.remove("x-fal-webhook-signature");
    Map<String, String> notHex = new HashMap<>(good);
    notHex.put("x-fal-webhook-signature", "zz");
    Map<String, String> notANumber = new HashMap<>(good);
    notANumber.put("x-fal-webhook-timestamp", "yesterday");
    Map<String, String> otherUser = new HashMap<>(good);
    otherUser.put("x-fal-webhook-user-id", "user-2");

    assertThat(FalWebhookSignature.check(good, BYTES, NOW.plus(Duration.ofMinutes(4)), keys))
        .isEqualTo(Verdict.VALID);
    assertThat(FalWebhookSignature.check(Map.of(), BYTES, NOW, keys))
        .isEqualTo(Verdict.MISSING_HEADERS);
    assertThat(FalWebhookSignature.check(noSignature, BYTES, NOW, keys))
        .isEqualTo(Verdict.MISSING_HEADERS);
    assertThat(FalWebhookSignature.check(good, BYTES, NOW.plus(Duration.ofMinutes(6)), keys))
        .isEqualTo(Verdict.STALE_TIMESTAMP);
    assertThat(FalWebhookSignature.check(good, BYTES, NOW.minus(Duration.ofMinutes(6)), keys))
        .isEqualTo(Verdict.STALE_TIMESTAMP);
    assertThat(FalWebhookSignature.check(notANumber, BYTES, NOW, keys))
        .isEqualTo(Verdict.STALE_TIMESTAMP);
    assertThat(FalWebhookSignature.check(notHex, BYTES, NOW, keys))
        .isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(FalWebhookSignature.check(otherUser, BYTES, NOW, keys))
        .isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void aRawKeyOfTheWrongLengthIsRejected() {
    assertThatThrownBy(() -> FalWebhookKeys.ed25519(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
