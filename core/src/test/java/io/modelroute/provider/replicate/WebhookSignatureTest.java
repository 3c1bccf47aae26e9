package io.modelroute.provider.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks check, starting from the specification's own test vector. */
class WebhookSignatureTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TS = 1614265330L;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final Instant SIGNED_AT = Instant.ofEpochSecond(TS);

  private final WebhookSignature verifier = new WebhookSignature(SECRET);

  private static Map<String, String> headers(String signature) {
    return Map.of(
        "webhook-id", ID, "webhook-timestamp", Long.toString(TS), "webhook-signature", signature);
  }

  private String refusal(Map<String, String> headers, byte[] body, Instant now) {
    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> verifier.verify(headers, body, now));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    return e.getMessage();
  }

  @Test
  void theSpecificationsTestVectorVerifies() {
    assertThatCode(() -> verifier.verify(headers(SIGNATURE), BODY, SIGNED_AT))
        .doesNotThrowAnyException();
  }

  @Test
  void aSecretWithoutItsPrefixWorksToo() {
    assertThatCode(
            () ->
                new WebhookSignature(SECRET.substring(6))
                    .verify(headers(SIGNATURE), BODY, SIGNED_AT))
        .doesNotThrowAnyException();
  }

  @Test
  void anyMatchingEntryOfSeveralPasses() {
    assertThatCode(
            () ->
                verifier.verify(
                    headers(
                        "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1,not-base64!! "
                            + SIGNATURE),
                    BODY,
                    SIGNED_AT))
        .doesNotThrowAnyException();
  }

  @Test
  void onlyV1EntriesCount() {
    assertThat(refusal(headers("v1a," + SIGNATURE.substring(3)), BODY, SIGNED_AT))
        .isEqualTo("Callback refused: no matching webhook signature");
  }

  @Test
  void timestampsWithinFiveMinutesEitherWayPass() {
    assertThatCode(() -> verifier.verify(headers(SIGNATURE), BODY, SIGNED_AT.plusSeconds(300)))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(headers(SIGNATURE), BODY, SIGNED_AT.minusSeconds(300)))
        .doesNotThrowAnyException();
  }

  @Test
  void timestampsBeyondFiveMinutesEitherWayAreRefused() {
    assertThat(refusal(headers(SIGNATURE), BODY, SIGNED_AT.plusSeconds(301)))
        .isEqualTo("Callback refused: webhook-timestamp outside the tolerance");
    assertThat(refusal(headers(SIGNATURE), BODY, SIGNED_AT.minusSeconds(301)))
        .isEqualTo("Callback refused: webhook-timestamp outside the tolerance");
  }

  @Test
  void aMalformedTimestampIsRefused() {
    Map<String, String> headers =
        Map.of("webhook-id", ID, "webhook-timestamp", "yesterday", "webhook-signature", SIGNATURE);

    assertThat(refusal(headers, BODY, SIGNED_AT))
        .isEqualTo("Callback refused: malformed webhook-timestamp");
  }

  @Test
  void aMissingHeaderIsRefused() {
    assertThat(refusal(Map.of("webhook-id", ID, "webhook-signature", SIGNATURE), BODY, SIGNED_AT))
        .isEqualTo("Callback refused: missing webhook signature headers");
  }

  @Test
  void headerNamesAreMatchedWhateverTheirCase() {
    Map<String, String> headers =
        Map.of(
            "Webhook-Id",
            ID,
            "Webhook-Timestamp",
            Long.toString(TS),
            "Webhook-Signature",
            SIGNATURE);

    assertThatCode(() -> verifier.verify(headers, BODY, SIGNED_AT)).doesNotThrowAnyException();
  }

  @Test
  void oneChangedByteOfTheBodyIsRefused() {
    byte[] changed = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

    assertThat(refusal(headers(SIGNATURE), changed, SIGNED_AT))
        .isEqualTo("Callback refused: no matching webhook signature");
  }
}
