package io.modelroute.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What one attempt keeps of the receiver's answer. */
class DeliverySenderTest {
  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  final MockWebServer receiver = new MockWebServer();
  final DeliverySender sender =
      new DeliverySender(new EgressPolicy(true, Dns.SYSTEM), WebhookSettings.defaults());

  @BeforeEach
  void start() throws IOException {
    receiver.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    sender.close();
    receiver.close();
  }

  DeliverySender.Outcome send() {
    return sender.send(
        "http://127.0.0.1:" + receiver.getPort() + "/hook",
        Map.of(),
        SECRET,
        "evt_1",
        "{}",
        Instant.now());
  }

  @Test
  void aNon2xxAnswersBodyBecomesTheAttemptsErrorOnOneLine() {
    receiver.enqueue(
        new MockResponse.Builder().code(500).body("{\"error\":\n\"database\tdown\"}").build());

    DeliverySender.Outcome outcome = send();

    assertThat(outcome.statusCode()).isEqualTo(500);
    assertThat(outcome.error()).isEqualTo("response: {\"error\": \"database down\"}");
  }

  @Test
  void aLongBodyIsCutToItsFirst500Characters() {
    receiver.enqueue(
        new MockResponse.Builder()
            .code(503)
            .body("x".repeat(DeliverySender.MAX_BODY_EXCERPT) + "tail")
            .build());

    DeliverySender.Outcome outcome = send();

    assertThat(outcome.error())
        .isEqualTo("response: " + "x".repeat(DeliverySender.MAX_BODY_EXCERPT) + "…");
    assertThat(DeliverySender.MAX_BODY_EXCERPT).isEqualTo(500);
  }

  @Test
  void aSuccessOrAnEmptyBodyLeavesNoError() {
    receiver.enqueue(new MockResponse.Builder().code(200).body("thanks").build());
    receiver.enqueue(new MockResponse.Builder().code(500).build());

    assertThat(send().error()).isNull();
    DeliverySender.Outcome empty = send();
    assertThat(empty.statusCode()).isEqualTo(500);
    assertThat(empty.error()).isNull();
  }
}
