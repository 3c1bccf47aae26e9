package io.modelroute.provider.fal;

import static io.modelroute.provider.fal.FalFixtures.REQUEST_ID;
import static io.modelroute.provider.fal.FalFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.provider.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of {@link FalErrors}: HTTP statuses, fal's error bodies and types, I/O failures. */
class FalErrorClassificationTest {
  static final String JOB = "fal-ai/flux/requests/" + REQUEST_ID;

  final MockWebServer fal = new MockWebServer();
  FalProvider provider;

  @BeforeEach
  void start() throws Exception {
    fal.start();
    provider = FalFixtures.provider(fal, FalWebhookKeys.of(List.of()));
  }

  @AfterEach
  void stop() {
    fal.close();
  }

  ProviderException submitFails(MockResponse response) {
    fal.enqueue(response);
    return catchThrowableOfType(
        ProviderException.class, () -> provider.start(FalFixtures.flux(null)));
  }

  @ParameterizedTest(name = "HTTP {0} → {1}")
  @CsvSource({
    "400, INPUT_VALIDATION_ERROR, false",
    "401, SERVICE_UNAVAILABLE, true",
    "402, SERVICE_UNAVAILABLE, true",
    "403, SERVICE_UNAVAILABLE, true",
    "404, MODEL_UNAVAILABLE, true",
    "408, GENERATION_TIMEOUT, true",
    "409, GENERATION_FAILED, true",
    "413, INPUT_VALIDATION_ERROR, false",
    "415, INTERNAL_ERROR, false",
    "422, INPUT_VALIDATION_ERROR, false",
    "429, RATE_LIMITED, true",
    "500, GENERATION_FAILED, true",
    "502, GENERATION_FAILED, true",
    "503, MODEL_OVERLOADED, true",
    "504, GENERATION_TIMEOUT, true",
    "418, GENERATION_FAILED, true",
    "501, GENERATION_FAILED, true",
    "507, GENERATION_FAILED, true"
  })
  void anHttpStatusOnSubmitMapsToItsCode(int status, ErrorCode code, boolean retryable) {
    fal.enqueue(
        json(status, "{\"detail\":\"Something about the request\"}")); // OkHttp repeats a 408 once
    ProviderException e = submitFails(json(status, "{\"detail\":\"Something about the request\"}"));

    assertThat(e.code()).isEqualTo(code);
    assertThat(e.retryable()).isEqualTo(retryable);
  }

  @ParameterizedTest(name = "HTTP {0} on status → {1}")
  @CsvSource({
    "401, SERVICE_UNAVAILABLE",
    "404, MODEL_UNAVAILABLE",
    "429, RATE_LIMITED",
    "500, GENERATION_FAILED",
    "503, MODEL_OVERLOADED",
    "504, GENERATION_TIMEOUT"
  })
  void anHttpStatusOnPollMapsLikeOnSubmit(int status, ErrorCode code) {
    fal.enqueue(json(status, "{\"detail\":\"x\"}"));

    assertThat(
            catchThrowableOfType(
                    ProviderException.class, () -> provider.poll(FalFixtures.flux(null), JOB))
                .code())
        .isEqualTo(code);
  }

  @Test
  void badCredentialsNeverBlameTheClientNorLeakTheProvidersText() {
    ProviderException e =
        submitFails(
            json(
                401,
                "{\"detail\":\"Cannot access application 'fal-ai/flux'. Authentication is required; nsfw\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.getMessage())
        .isEqualTo("The provider refused the gateway's credentials or account (HTTP 401)")
        .doesNotContainIgnoringCase("fal");
  }

  @Test
  void anExhaustedFalBalanceIsTheOperatorsProblemNotTheClients() {
    ProviderException e =
        submitFails(json(403, "{\"detail\":\"User is locked. Reason: Exhausted balance.\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.code()).isNotEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
  }

  @Test
  void aValidationListBecomesAReadableMessage() {
    ProviderException e =
        submitFails(
            json(
                422,
                "{\"detail\":[{\"loc\":[\"body\",\"image_size\",\"width\"],"
                    + "\"msg\":\"Input should be less than or equal to 14142\",\"type\":\"less_than_equal\","
                    + "\"url\":\"https://docs.fal.ai/errors#less_than_equal\",\"ctx\":{\"le\":14142}},"
                    + "{\"loc\":[\"body\",\"prompt\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}"));

    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(e.getMessage())
        .isEqualTo(
            "The model rejected the input: image_size.width: Input should be less than "
                + "or equal to 14142; prompt: Field required (HTTP 422)");
  }

  @Test
  void aVeryLongProviderMessageIsShortened() {
    ProviderException e = submitFails(json(400, "{\"detail\":\"" + "x".repeat(5_000) + "\"}"));

    assertThat(e.getMessage().length()).isLessThan(400);
  }

  @Test
  void aNonJsonErrorBodyStillClassifiesByStatus() {
    ProviderException e =
        submitFails(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).isEqualTo("The generation failed (HTTP 502)");
  }

  @ParameterizedTest(name = "{0} on HTTP {1} → {2}")
  @CsvSource({
    "content_policy_violation, 422, CONTENT_MODERATION_REJECTED",
    "content_policy_violation, 500, CONTENT_MODERATION_REJECTED",
    "generation_timeout, 504, GENERATION_TIMEOUT",
    "generation_timeout, 500, GENERATION_TIMEOUT",
    "internal_server_error, 500, GENERATION_FAILED",
    "downstream_service_error, 400, GENERATION_FAILED",
    "no_media_generated, 422, GENERATION_FAILED",
    "downstream_service_unavailable, 500, SERVICE_UNAVAILABLE",
    "unsupported_image_format, 422, FILE_FORMAT_UNSUPPORTED",
    "unsupported_video_format, 422, FILE_FORMAT_UNSUPPORTED",
    "unsupported_audio_format, 422, FILE_FORMAT_UNSUPPORTED",
    "image_load_error, 422, FILE_FORMAT_UNSUPPORTED",
    "file_download_error, 422, GENERATION_FAILED",
    "greater_than, 422, INPUT_VALIDATION_ERROR",
    "image_too_large, 422, INPUT_VALIDATION_ERROR",
    "some_future_type, 500, GENERATION_FAILED"
  })
  void aModelErrorTypeDecidesOverTheStatus(String type, int status, ErrorCode code) {
    ProviderException e =
        submitFails(
            json(
                status,
                "{\"detail\":[{\"loc\":[\"body\",\"image_url\"],\"msg\":\"Problem\",\"type\":\""
                    + type
                    + "\"}]}"));

    assertThat(e.code()).isEqualTo(code);
  }

  @ParameterizedTest(name = "{0} → {2}")
  @CsvSource({
    "request_timeout, 504, GENERATION_TIMEOUT",
    "startup_timeout, 504, GENERATION_TIMEOUT",
    "runner_scheduling_failure, 503, MODEL_OVERLOADED",
    "runner_connection_timeout, 503, MODEL_OVERLOADED",
    "runner_connection_refused, 503, MODEL_OVERLOADED",
    "runner_connection_error, 503, MODEL_OVERLOADED",
    "runner_disconnected, 503, GENERATION_FAILED",
    "runner_incomplete_response, 502, GENERATION_FAILED",
    "runner_server_error, 500, GENERATION_FAILED",
    "internal_error, 500, GENERATION_FAILED",
    "client_disconnected, 499, GENERATION_FAILED",
    "client_cancelled, 499, GENERATION_FAILED",
    "bad_request, 400, INPUT_VALIDATION_ERROR"
  })
  void aRequestErrorTypeDecidesOverTheStatus(String type, int status, ErrorCode code) {
    ProviderException e =
        submitFails(
            json(status, "{\"detail\":\"Something happened\",\"error_type\":\"" + type + "\"}"));

    assertThat(e.code()).isEqualTo(code);
  }

  @Test
  void theErrorTypeHeaderAloneIsEnough() {
    ProviderException e =
        submitFails(
            new MockResponse.Builder()
                .code(503)
                .addHeader("X-Fal-Error-Type", "runner_disconnected")
                .body("")
                .build());

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | NSFW content detected in the generated image",
        "422 | Your prompt violates our content policy",
        "400 | The image was flagged by the safety checker",
        "422 | Prompt rejected by moderation"
      })
  void moderationMessagesOnAClientErrorAreModerationRejections(int status, String message) {
    ProviderException e =
        submitFails(
            json(status, Json.write(Json.mapper().createObjectNode().put("detail", message))));

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void aModerationShapedDetailObjectIsAModerationRejection() {
    ProviderException e =
        submitFails(
            json(
                400,
                "{\"detail\":{\"error\":\"content_policy_violation\","
                    + "\"category\":\"celebrity_likeness\",\"message\":\"The prompt requests a likeness of a public figure.\"}}"));

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
    assertThat(e.getMessage()).contains("likeness of a public figure");
  }

  @Test
  void moderationWordsInAServerErrorDoNotBlameTheClient() {
    ProviderException e = submitFails(json(503, "{\"detail\":\"Moderation service unavailable\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_OVERLOADED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Invalid status code: 422 | {\"detail\":[{\"loc\":[\"body\",\"seed\"],\"msg\":\"bad\",\"type\":\"int_parsing\"}]} | INPUT_VALIDATION_ERROR",
        "Invalid status code: 504 | {\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"} | GENERATION_TIMEOUT",
        "Invalid status code: 503 | null | MODEL_OVERLOADED",
        "Invalid status code: 401 | null | SERVICE_UNAVAILABLE",
        "Something went wrong | {\"detail\":[{\"loc\":[\"body\",\"seed\"],\"msg\":\"bad\",\"type\":\"int_parsing\"}]} | INPUT_VALIDATION_ERROR",
        "Something went wrong | null | GENERATION_FAILED",
        "Image flagged as NSFW | null | CONTENT_MODERATION_REJECTED"
      })
  void aWebhookErrorIsClassifiedByItsStatusAndPayload(
      String error, String payload, ErrorCode code) {
    String webhook =
        "{\"request_id\":\"r\",\"status\":\"ERROR\",\"error\":"
            + Json.write(error)
            + ",\"payload\":"
            + payload
            + "}";

    assertThat(FalErrors.fromWebhook(Json.readTree(webhook)).code()).isEqualTo(code);
  }

  @Test
  void aReadTimeoutIsAGenerationTimeout() throws Exception {
    FalProvider impatient =
        new FalProvider(
            FalFixtures.config(fal, Duration.ofMillis(200)),
            new OkHttpClient(),
            FalWebhookKeys.of(List.of()));
    fal.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> impatient.poll(FalFixtures.flux(null), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
    assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void aRefusedConnectionIsServiceUnavailable() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    FalConfig config = FalFixtures.config(gone, Duration.ofSeconds(2));
    gone.close();
    FalProvider unreachable =
        new FalProvider(config, new OkHttpClient(), FalWebhookKeys.of(List.of()));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> unreachable.start(FalFixtures.flux(null)));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.getCause()).isInstanceOf(IOException.class);
  }

  @Test
  void aSuccessfulAnswerThatIsNotJsonIsAGenerationFailure() {
    fal.enqueue(new MockResponse.Builder().code(200).body("<html>maintenance</html>").build());

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.poll(FalFixtures.flux(null), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "socket-timeout, GENERATION_TIMEOUT",
    "interrupted-io, GENERATION_TIMEOUT",
    "unknown-host, SERVICE_UNAVAILABLE",
    "connect, SERVICE_UNAVAILABLE",
    "tls, SERVICE_UNAVAILABLE",
    "io, SERVICE_UNAVAILABLE",
    "json, GENERATION_FAILED",
    "runtime, INTERNAL_ERROR"
  })
  void classifyMapsEveryKindOfThrowable(String kind, ErrorCode code) {
    Throwable failure =
        switch (kind) {
          case "socket-timeout" -> new SocketTimeoutException("timeout");
          case "interrupted-io" -> new InterruptedIOException("interrupted");
          case "unknown-host" -> new UnknownHostException("queue.fal.run");
          case "connect" -> new ConnectException("refused");
          case "tls" -> new SSLHandshakeException("bad certificate");
          case "io" -> new IOException("connection reset");
          case "json" -> new JsonParseException(null, "Unexpected character");
          default -> new IllegalStateException("bug");
        };

    ProviderException e = provider.classify(failure);

    assertThat(e.code()).isEqualTo(code);
    assertThat(e.getCause()).isSameAs(failure);
  }

  @Test
  void classifyPassesAClassifiedFailureThrough() {
    ProviderException already = new ProviderException(ErrorCode.RATE_LIMITED, "slow down");

    assertThat(provider.classify(already)).isSameAs(already);
  }
}
