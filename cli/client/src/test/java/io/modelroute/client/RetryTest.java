package io.modelroute.client;

import static io.modelroute.client.Sse.error;
import static io.modelroute.client.Sse.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.api.Balance;
import io.modelroute.api.ExecutionAccepted;
import io.modelroute.api.ExecutionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which requests the client repeats, when, and how long it waits in between. */
class RetryTest {
  static final String KEY = Sse.KEY;
  static final String ACCEPTED =
      "{\"id\":\"exec_1\",\"status\":\"PENDING\",\"model\":\"m\",\"hold_amount\":\"0.048\","
          + "\"estimated_cost\":\"0.040\",\"expires_at\":\"2026-03-20T10:35:00Z\",\"created_at\":\"2026-03-20T10:30:00Z\"}";
  static final String BALANCE =
      "{\"balance\":\"12.500\",\"held\":\"0.048\",\"available\":\"12.452\",\"currency\":\"USD\"}";

  final MockWebServer server = new MockWebServer();
  final FakeTime time = new FakeTime();
  ModelRouteClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client =
        ModelRouteClient.builder(server.url("/").toString(), KEY)
            .clock(time.clock)
            .sleeper(time)
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aReadIsRetriedOnRetryableErrorsWithExponentialBackoff() {
    server.enqueue(error(503, "MODEL_OVERLOADED", true));
    server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
    server.enqueue(json(200, BALANCE));

    Balance balance = client.billing().balance();

    assertThat(balance.available()).isEqualByComparingTo("12.452");
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void retryAfterIsWaitedInsteadOfTheBackoff() {
    server.enqueue(
        new MockResponse.Builder(error(429, "RATE_LIMITED", true))
            .addHeader("Retry-After", "3")
            .build());
    server.enqueue(json(200, BALANCE));

    client.getBalance();

    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retriesAreBoundedAndTheLastErrorIsThrown() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(error(503, "SERVICE_UNAVAILABLE", true));
    }

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getBalance());

    assertThat(e.code()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(server.getRequestCount()).isEqualTo(1 + RetryPolicy.DEFAULT_MAX_RETRIES);
    assertThat(time.sleeps)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void aRetryAfterLongerThanThePolicyAllowsIsNotWaitedFor() {
    server.enqueue(
        new MockResponse.Builder(error(429, "RATE_LIMITED", true))
            .addHeader("Retry-After", "3600")
            .build());

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getBalance());

    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void errorsThatAreNotRetryableAreThrownAtOnce() {
    server.enqueue(error(500, "INTERNAL_ERROR", false));
    server.enqueue(error(400, "INPUT_VALIDATION_ERROR", false));

    assertThatThrownBy(() -> client.getExecution("exec_1"))
        .hasFieldOrPropertyWithValue("code", "INTERNAL_ERROR");
    assertThatThrownBy(() -> client.getExecution("exec_1"))
        .hasFieldOrPropertyWithValue("code", "INPUT_VALIDATION_ERROR");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void anUnreachableServerIsRetriedThenReported() {
    server.close();

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.models().list());

    assertThat(e.httpStatus()).isZero();
    assertThat(e.getMessage()).startsWith("cannot reach server at");
    assertThat(time.sleeps).hasSize(RetryPolicy.DEFAULT_MAX_RETRIES);
  }

  @Test
  void aCreateIsRepeatedWithTheSameIdempotencyKeySoItNeverRunsTwice() throws Exception {
    server.enqueue(error(503, "SERVICE_UNAVAILABLE", true));
    server.enqueue(
        new MockResponse.Builder(error(409, "CONFLICT", true))
            .addHeader("Retry-After", "1")
            .build());
    server.enqueue(json(202, ACCEPTED));

    ExecutionAccepted accepted =
        client.executions().create(ExecutionRequest.of("m", Json.mapper().createObjectNode()));

    assertThat(accepted.id()).isEqualTo("exec_1");
    assertThat(accepted.holdAmount()).isEqualByComparingTo("0.048");
    String key = server.takeRequest().getHeaders().get("Idempotency-Key");
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(key);
    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(key);
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
  }

  @Test
  void cancelIsRetriedBecauseItIsIdempotent() {
    server.enqueue(error(503, "SERVICE_UNAVAILABLE", true));
    server.enqueue(json(200, Sse.execution("CANCELLED")));

    assertThat(client.executions().cancel("exec_1").status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void requestsWithEffectsAreNeverRepeated(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3});
    for (int i = 0; i < 6; i++) {
      server.enqueue(error(503, "SERVICE_UNAVAILABLE", true));
    }

    assertThatThrownBy(() -> client.files().requestUpload("INPUT", null))
        .isInstanceOf(ModelRouteApiException.class);
    assertThatThrownBy(
            () -> client.files().put(server.url("/v1/files/upload/tok").toString(), file))
        .isInstanceOf(ModelRouteApiException.class);
    assertThatThrownBy(() -> client.files().delete("file_1"))
        .isInstanceOf(ModelRouteApiException.class);
    assertThatThrownBy(
            () ->
                client
                    .webhooks()
                    .create(WebhookEndpointFields.none().withUrl("https://example.com/h")))
        .isInstanceOf(ModelRouteApiException.class);
    assertThatThrownBy(() -> client.apiKeys().rotate("key_12345678"))
        .isInstanceOf(ModelRouteApiException.class);
    assertThatThrownBy(() -> client.webhooks().sendTest("wh_1"))
        .isInstanceOf(ModelRouteApiException.class);

    assertThat(server.getRequestCount()).isEqualTo(6);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void noRetriesWhenThePolicySaysNone() {
    server.enqueue(error(503, "SERVICE_UNAVAILABLE", true));
    try (ModelRouteClient once =
        ModelRouteClient.builder(server.url("/").toString(), KEY)
            .retryPolicy(RetryPolicy.none())
            .sleeper(time)
            .build()) {
      assertThatThrownBy(once::getBalance).isInstanceOf(ModelRouteApiException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    RetryPolicy policy =
        new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(60));

    assertThat(policy.backoff(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.backoff(9)).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    -1, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
