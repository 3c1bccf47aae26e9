package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import io.modelroute.SettableClock;
import io.modelroute.auth.OrganizationService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  static final String SECRET = OrganizationService.newWebhookSecret();
  static final String BODY =
      "{\"id\":\"evt_1\",\"event_type\":\"execution.completed\",\"data\":{\"text\":\"héllo\"}}";
  final SettableClock clock = new SettableClock(Instant.parse("2026-03-20T10:32:15Z"));
  final WebhookVerifier verifier =
      new WebhookVerifier(SECRET, clock, WebhookVerifier.DEFAULT_TOLERANCE);

  /** The headers of a delivery signed at {@code at}, as the sender makes them. */
  static Map<String, String> signed(String secret, String body, Instant at) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(at.getEpochSecond());
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("X-Signature-Timestamp", ts);
    h.put("X-Signature", Signatures.xSignature(secret, ts, bytes));
    h.put("webhook-id", "evt_1");
    h.put("webhook-timestamp", ts);
    h.put(
        "webhook-signature",
        Signatures.standardSignature(Signatures.standardKey(secret), "evt_1", ts, bytes));
    return h;
  }

  @Test
  void aDeliverySignedWithTheSecretVerifiesByBothSchemes() {
    Map<String, String> h = signed(SECRET, BODY, clock.instant());
    verifier.verify(h::get, BODY.getBytes(StandardCharsets.UTF_8));
    verifier.verifySignature(
        h.get("X-Signature-Timestamp"),
        h.get("X-Signature"),
        BODY.getBytes(StandardCharsets.UTF_8));
    verifier.verifyStandard(
        h.get("webhook-id"),
        h.get("webhook-timestamp"),
        h.get("webhook-signature"),
        BODY.getBytes(StandardCharsets.UTF_8));
    assertThat(verifier.isValid(h::get, BODY.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @Test
  void ourSignaturesAgreeWithTheStandardWebhooksLibraryBothWays() throws Exception {
    Instant now = Instant.now();
    Map<String, String> h = signed(SECRET, BODY, now);
    Map<String, List<String>> multi = new HashMap<>();
    h.forEach((k, v) -> multi.put(k, List.of(v)));
    new Webhook(SECRET).verify(BODY, multi);
    String theirs = new Webhook(SECRET).sign("msg_2", now.getEpochSecond(), BODY);
    new WebhookVerifier(SECRET)
        .verifyStandard(
            "msg_2",
            Long.toString(now.getEpochSecond()),
            theirs,
            BODY.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theXSignatureIsTheDocsReferenceAlgorithm() throws Exception {
    Map<String, String> h = signed(SECRET, BODY, clock.instant());
    assertThat(
            ReferenceVerification.verifyWebhook(
                BODY.getBytes(StandardCharsets.UTF_8),
                SECRET,
                h.get("X-Signature"),
                h.get("X-Signature-Timestamp"),
                clock.instant().getEpochSecond()))
        .isTrue();
  }

  @Test
  void aTamperedBodyIsRejected() {
    Map<String, String> h = signed(SECRET, BODY, clock.instant());
    byte[] tampered = BODY.replace("completed", "failed").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> verifier.verify(h::get, tampered))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(
            () ->
                verifier.verifySignature(
                    h.get("X-Signature-Timestamp"), h.get("X-Signature"), tampered))
        .hasMessageContaining("X-Signature");
  }

  @Test
  void anotherSecretsSignatureIsRejected() {
    Map<String, String> h = signed(OrganizationService.newWebhookSecret(), BODY, clock.instant());
    assertThat(verifier.isValid(h::get, BODY.getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void timestampsWithinFiveMinutesPassAndOlderOrNewerOnesAreRejectedAsReplays() {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    Map<String, String> fresh =
        signed(SECRET, BODY, clock.instant().minus(Duration.ofSeconds(300)));
    assertThat(verifier.isValid(fresh::get, body)).isTrue();
    Map<String, String> old = signed(SECRET, BODY, clock.instant().minus(Duration.ofSeconds(301)));
    assertThatThrownBy(() -> verifier.verify(old::get, body)).hasMessageContaining("tolerance");
    Map<String, String> future =
        signed(SECRET, BODY, clock.instant().plus(Duration.ofSeconds(301)));
    assertThat(verifier.isValid(future::get, body)).isFalse();
  }

  @Test
  void everySchemePresentMustVerify() {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(signed(SECRET, BODY, clock.instant()));
    h.put("X-Signature", "0".repeat(64)); // standard signature still right
    assertThat(verifier.isValid(h::get, body)).isFalse();
    h.remove("X-Signature");
    assertThat(verifier.isValid(h::get, body)).as("standard scheme alone").isTrue();
    h.remove("webhook-signature");
    assertThatThrownBy(() -> verifier.verify(h::get, body)).hasMessageContaining("no signature");
  }

  @Test
  void anyOfSeveralStandardSignaturesMayMatch() {
    Map<String, String> h = signed(SECRET, BODY, clock.instant());
    String both = "v1,bm90IGl0 " + h.get("webhook-signature");
    verifier.verifyStandard(
        "evt_1", h.get("webhook-timestamp"), both, BODY.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                verifier.verifyStandard(
                    "evt_2",
                    h.get("webhook-timestamp"),
                    both,
                    BODY.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void missingOrMalformedHeadersAreRejectedNotThrownAsOtherErrors() {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> verifier.verifySignature(null, "ab", body))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> verifier.verifySignature("yesterday", "ab", body))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> verifier.verifyStandard("evt_1", null, "v1,x", body))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> verifier.verify(Map.<String, List<String>>of(), body))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void headerMapsAreReadCaseInsensitively() {
    Map<String, List<String>> multi = new HashMap<>();
    signed(SECRET, BODY, clock.instant())
        .forEach((k, v) -> multi.put(k.toUpperCase(java.util.Locale.ROOT), List.of(v)));
    verifier.verify(multi, BODY.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSecretThatIsNotWhsecBase64IsAProgrammingError() {
    assertThatThrownBy(() -> new WebhookVerifier("secret"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookVerifier("whsec_%%%"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WebhookVerifier("whsec_"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
