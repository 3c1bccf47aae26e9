package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.CALLBACK;
import static io.modelroute.provider.replicate.ReplicateRequests.SECRET;
import static io.modelroute.provider.replicate.ReplicateRequests.T0;
import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.bytes;
import static io.modelroute.provider.replicate.ReplicateRequests.file;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static io.modelroute.provider.replicate.ReplicateRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderOutcome.Pending;
import io.modelroute.provider.ProviderRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicateCallbackTest {
  private static final String JOB = "gm3qorzdhgbfurvjtvhg6dckhu";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

  private final MockWebServer server = new MockWebServer();
  private ReplicateProvider provider;
  private ReplicateRequests image;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider = new ReplicateProvider(config(SECRET), new OkHttpClient());
    image =
        ReplicateRequests.of(Category.IMAGE)
            .input("{\"prompt\":\"a red fox\",\"width\":1024,\"height\":1024}")
            .callback(CALLBACK)
            .now(T0.plusSeconds(20));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ReplicateConfig config(String secret) {
    return new ReplicateConfig(
        URI.create(server.url("/v1").toString()), TOKEN, secret, null, null, null);
  }

  private byte[] succeeded() {
    return prediction(
            JOB,
            "succeeded",
            "\"output\":[\""
                + server.url("/pbxt/out-0.png")
                + "\"],\"completed_at\":\"2025-06-01T12:00:19Z\","
                + "\"metrics\":{\"predict_time\":1.92,\"total_time\":2.4}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private long signedAt() {
    return T0.plusSeconds(19).getEpochSecond();
  }

  @Test
  void aVerifiedCallbackCompletesTheExecutionWithItsFiles() {
    server.enqueue(json(201, prediction(JOB, "starting", "")));
    ProviderOutcome started = provider.start(image.build());
    assertThat(started)
        .isInstanceOfSatisfying(Pending.class, p -> assertThat(p.awaitingCallback()).isTrue());
    server.enqueue(file("image/png", PNG));
    byte[] body = succeeded();

    ProviderOutcome outcome =
        provider.callback(image.build(), JOB, signed(SECRET, "msg_1", signedAt(), body), body);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Completed.class,
            c -> {
              assertThat(c.media()).hasSize(1);
              assertThat(c.media().get(0).contentType()).isEqualTo("image/png");
              assertThat(c.media().get(0).format()).isEqualTo("png");
              assertThat(c.media().get(0).width()).isEqualTo(1024);
              assertThat(c.media().get(0).height()).isEqualTo(1024);
              assertThat(bytes(c.media().get(0))).isEqualTo(PNG);
              assertThat(c.usage().megapixels()).isEqualByComparingTo(new BigDecimal("1.048576"));
            });
  }

  @Test
  void anUnsignedCallbackIsRefused() {
    byte[] body = succeeded();

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.callback(
                    image.build(), JOB, Map.of("content-type", "application/json"), body));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).startsWith("Callback refused:");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aTamperedCallbackBodyIsRefused() {
    byte[] body = succeeded();
    Map<String, String> headers = signed(SECRET, "msg_1", signedAt(), body);
    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace("out-0.png", "evil.png")
            .getBytes(StandardCharsets.UTF_8);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.callback(image.build(), JOB, headers, tampered));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).isEqualTo("Callback refused: no matching webhook signature");
  }

  @Test
  void aCallbackSignedWithAnotherSecretIsRefused() {
    byte[] body = succeeded();
    String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.callback(
                    image.build(), JOB, signed(other, "msg_1", signedAt(), body), body));

    assertThat(e.getMessage()).isEqualTo("Callback refused: no matching webhook signature");
  }

  @Test
  void aCallbackWhoseIdOrTimestampWasChangedIsRefused() {
    byte[] body = succeeded();
    Map<String, String> changedId = new HashMap<>(signed(SECRET, "msg_1", signedAt(), body));
    changedId.put("webhook-id", "msg_2");
    Map<String, String> changedTime = new HashMap<>(signed(SECRET, "msg_1", signedAt(), body));
    changedTime.put("webhook-timestamp", Long.toString(signedAt() + 1));

    assertThat(
            catchThrowableOfType(
                    ProviderException.class,
                    () -> provider.callback(image.build(), JOB, changedId, body))
                .code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(
            catchThrowableOfType(
                    ProviderException.class,
                    () -> provider.callback(image.build(), JOB, changedTime, body))
                .code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void aReplayedCallbackOlderThanFiveMinutesIsRefused() {
    byte[] body = succeeded();
    Map<String, String> headers = signed(SECRET, "msg_1", signedAt(), body);
    ProviderRequest later =
        image.now(T0.plusSeconds(19).plus(Duration.ofMinutes(5)).plusSeconds(1)).build();

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.callback(later, JOB, headers, body));

    assertThat(e.getMessage())
        .isEqualTo("Callback refused: webhook-timestamp outside the tolerance");
  }

  @Test
  void aCallbackForAnotherPredictionIsRefused() {
    byte[] body =
        prediction("someone-elses-job", "succeeded", "\"output\":[]")
            .getBytes(StandardCharsets.UTF_8);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.callback(
                    image.build(), JOB, signed(SECRET, "msg_1", signedAt(), body), body));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("Callback refused: the prediction id does not match the job");
  }

  @Test
  void aSignedCallbackThatIsNotJsonIsRefused() {
    byte[] body = "not json".getBytes(StandardCharsets.UTF_8);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.callback(
                    image.build(), JOB, signed(SECRET, "msg_1", signedAt(), body), body));

    assertThat(e.getMessage()).isEqualTo("Callback refused: body is not JSON");
  }

  @Test
  void aCallbackForAFailedPredictionIsClassifiedLikePolling() {
    byte[] body =
        prediction(JOB, "failed", "\"error\":\"CUDA out of memory. Tried to allocate 2.00 GiB\"")
            .getBytes(StandardCharsets.UTF_8);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.callback(
                    image.build(), JOB, signed(SECRET, "msg_1", signedAt(), body), body));

    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_OVERLOADED);
  }

  @Test
  void aNonTerminalCallbackLeavesTheExecutionAwaiting() {
    byte[] body = prediction(JOB, "processing", "").getBytes(StandardCharsets.UTF_8);

    ProviderOutcome outcome =
        provider.callback(image.build(), JOB, signed(SECRET, "msg_1", signedAt(), body), body);

    assertThat(outcome)
        .isEqualTo(new Pending(JOB, true, ReplicateConfig.DEFAULT_POLL_INTERVAL, null));
  }

  @Test
  void withoutASigningSecretCallbacksAreTrustedOnTheGatewayTokenAlone() {
    ReplicateProvider unsigned = new ReplicateProvider(config(null), new OkHttpClient());
    server.enqueue(file("image/png", PNG));
    byte[] body = succeeded();

    ProviderOutcome outcome = unsigned.callback(image.build(), JOB, Map.of(), body);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Completed.class, c -> assertThat(bytes(c.media().get(0))).isEqualTo(PNG));
  }
}
