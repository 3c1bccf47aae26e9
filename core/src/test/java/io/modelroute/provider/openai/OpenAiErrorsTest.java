package io.modelroute.provider.openai;

import static io.modelroute.provider.openai.OpenAiRequests.json;
import static io.modelroute.provider.openai.OpenAiRequests.request;
import static io.modelroute.provider.openai.OpenAiRequests.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per row of the classification table in {@link OpenAiErrors}. */
class OpenAiErrorsTest {
  final MockWebServer server = new MockWebServer();
  OpenAiProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider =
        new OpenAiProvider(
            OpenAiRequests.config(server).withTimeouts(null, Duration.ofMillis(300), null));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String openAiError(String message, String type, String code) {
    return "{\"error\":{\"message\":\""
        + message
        + "\",\"type\":"
        + (type == null ? "null" : "\"" + type + "\"")
        + ",\"param\":null,\"code\":"
        + (code == null ? "null" : "\"" + code + "\"")
        + "}}";
  }

  private ProviderException chatFailure(MockResponse response) {
    return failure(response, Category.TEXT);
  }

  private ProviderException failure(MockResponse response, Category category) {
    server.enqueue(response);
    return catchThrowableOfType(
        ProviderException.class,
        () -> provider.start(request(category, "gpt-4o-mini", "{\"prompt\":\"hi\"}", "{}")));
  }

  // --- error bodies ---------------------------------------------------------------------------

  @Test
  void contentPolicyViolationCodeIsAModerationRejectionCarryingTheProvidersMessage() {
    ProviderException e =
        failure(
            json(
                400,
                openAiError(
                    "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed.",
                    "invalid_request_error",
                    "content_policy_violation")),
            Category.IMAGE);

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
    assertThat(e.code().retryable()).isFalse();
    assertThat(e.getMessage()).contains("safety system");
  }

  @Test
  void messageAboutTheSafetySystemIsAModerationRejectionWhateverTheCode() {
    ProviderException e =
        failure(
            json(
                400,
                openAiError(
                    "This request has been blocked by our safety system",
                    "image_generation_user_error",
                    null)),
            Category.IMAGE);

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
  }

  @Test
  void gptImageModerationBlockedIsAModerationRejection() {
    ProviderException e =
        failure(
            json(
                400,
                openAiError(
                    "Your request was rejected by the safety system.",
                    "image_generation_user_error",
                    "moderation_blocked")),
            Category.IMAGE);

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
  }

  @Test
  void insufficientQuotaIs429ButMeansOurAccountSoServiceUnavailable() {
    ProviderException e =
        chatFailure(
            json(
                429,
                openAiError(
                    "You exceeded your current quota, please check your plan and billing details.",
                    "insufficient_quota",
                    "insufficient_quota")));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.code().retryable()).isTrue();
    assertThat(e.getMessage()).doesNotContain("quota");
  }

  @Test
  void modelNotFoundCodeIsModelUnavailable() {
    ProviderException e =
        chatFailure(
            json(
                404,
                openAiError(
                    "The model `gpt-9` does not exist or you do not have access to it.",
                    "invalid_request_error",
                    "model_not_found")));

    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
    assertThat(e.code().retryable()).isTrue();
  }

  // --- HTTP statuses --------------------------------------------------------------------------

  @Test
  void status400InvalidRequestIsAnInputValidationErrorWithTheProvidersMessage() {
    ProviderException e =
        chatFailure(
            json(
                400,
                openAiError(
                    "max_tokens is too large: 900000. This model supports at most 16384 completion tokens.",
                    "invalid_request_error",
                    null)));

    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(e.code().retryable()).isFalse();
    assertThat(e.getMessage()).contains("max_tokens is too large");
  }

  @Test
  void status401IsServiceUnavailableAndNeverEchoesTheKeyFragment() {
    ProviderException e =
        chatFailure(
            json(
                401,
                openAiError(
                    "Incorrect API key provided: sk-test-****cdef. You can find your API key at https://platform.openai.com.",
                    "invalid_request_error",
                    "invalid_api_key")));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.getMessage()).doesNotContain("sk-").doesNotContain("API key");
    assertThat(e.getCause().getMessage()).doesNotContain("sk-");
  }

  @Test
  void status402IsServiceUnavailable() {
    assertThat(
            chatFailure(
                    json(402, "{\"error\":{\"message\":\"Insufficient credits\",\"code\":402}}"))
                .code())
        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
  }

  @Test
  void status403IsServiceUnavailable() {
    assertThat(
            chatFailure(
                    json(
                        403,
                        openAiError(
                            "Country, region, or territory not supported",
                            "request_forbidden",
                            "unsupported_country_region_territory")))
                .code())
        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
  }

  @Test
  void status404WithoutACodeIsModelUnavailable() {
    assertThat(
            chatFailure(
                    json(
                        404,
                        "{\"object\":\"error\",\"message\":\"The model `x` does not exist.\","
                            + "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}"))
                .code())
        .isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
  }

  @Test
  void status408IsAGenerationTimeout() {
    assertThat(chatFailure(json(408, "{}")).code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
  }

  @Test
  void status409IsARetryableGenerationFailure() {
    assertThat(chatFailure(json(409, openAiError("Conflict", null, null))).code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void status413IsAnInputValidationError() {
    assertThat(
            chatFailure(
                    new MockResponse.Builder().code(413).body("Request Entity Too Large").build())
                .code())
        .isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
  }

  @Test
  void status415IsOurOwnMistakeSoAnInternalError() {
    ProviderException e =
        chatFailure(json(415, openAiError("Unsupported content type", null, null)));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.code().retryable()).isFalse();
  }

  @Test
  void status422FromAFastApiServerIsAnInputValidationError() {
    assertThat(
            chatFailure(
                    json(
                        422,
                        "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"messages\"],\"msg\":\"Field required\"}]}"))
                .code())
        .isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
  }

  @Test
  void plain429IsRateLimited() {
    ProviderException e =
        chatFailure(
            json(
                429,
                openAiError(
                    "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                    "requests",
                    "rate_limit_exceeded")));

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.code().retryable()).isTrue();
  }

  @Test
  void status500IsAGenerationFailure() {
    assertThat(
            chatFailure(
                    json(
                        500,
                        openAiError(
                            "The server had an error while processing your request. Sorry about that!",
                            "server_error",
                            null)))
                .code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void status502WithAnHtmlBodyIsAGenerationFailure() {
    assertThat(
            chatFailure(
                    new MockResponse.Builder()
                        .code(502)
                        .addHeader("Content-Type", "text/html")
                        .body("<html><body><h1>502 Bad Gateway</h1></body></html>")
                        .build())
                .code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void status503IsModelOverloaded() {
    ProviderException e =
        chatFailure(
            json(
                503,
                openAiError(
                    "The engine is currently overloaded, please try again later",
                    "server_error",
                    null)));

    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_OVERLOADED);
    assertThat(e.code().retryable()).isTrue();
  }

  @Test
  void status504IsAGenerationTimeout() {
    assertThat(
            chatFailure(new MockResponse.Builder().code(504).body("Gateway Timeout").build())
                .code())
        .isEqualTo(ErrorCode.GENERATION_TIMEOUT);
  }

  @Test
  void anyOtherStatusIsAGenerationFailure() {
    assertThat(chatFailure(new MockResponse.Builder().code(520).body("").build()).code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(chatFailure(json(418, "{}")).code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  // --- errors inside a 200 --------------------------------------------------------------------

  @Test
  void errorObjectMidStreamFailsAfterTheDeltasAlreadySent() {
    OpenAiRequests.RecordingListener listener = new OpenAiRequests.RecordingListener();
    server.enqueue(
        sse(
            OpenAiChatTest.delta("Once upon")
                + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.start(request(Category.TEXT, "m", "{\"prompt\":\"hi\"}", "{}", listener)));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(listener.deltas).containsExactly("Once upon");
  }

  @Test
  void errorObjectsMidStreamAreClassifiedByTypeOrNumericCode() {
    assertThat(
            chatFailure(
                    sse(
                        "data: "
                            + openAiError("Rate limit reached", "tokens", "rate_limit_exceeded")
                            + "\n\n"))
                .code())
        .isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(
            chatFailure(
                    sse(
                        "event: error\ndata: {\"error\":{\"object\":\"error\",\"message\":\"prompt too long\","
                            + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}\n\n"))
                .code())
        .isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(
            chatFailure(
                    sse(
                        "data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}}\n\n"))
                .code())
        .isEqualTo(ErrorCode.MODEL_OVERLOADED);
    assertThat(
            chatFailure(sse("data: " + openAiError("upstream timeout", "timeout", null) + "\n\n"))
                .code())
        .isEqualTo(ErrorCode.GENERATION_TIMEOUT);
    assertThat(
            chatFailure(sse("data: " + openAiError("bad", "invalid_request_error", null) + "\n\n"))
                .code())
        .isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
  }

  @Test
  void errorObjectInA200ImageAnswerIsClassified() {
    assertThat(
            failure(
                    json(
                        200,
                        openAiError(
                            "Your request was rejected as a result of our safety system.",
                            "invalid_request_error",
                            "content_policy_violation")),
                    Category.IMAGE)
                .code())
        .isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
  }

  @Test
  void malformedJsonInASuccessfulAnswerIsAGenerationFailure() {
    assertThat(chatFailure(sse("data: {not json\n\n")).code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(chatFailure(json(200, "{\"choices\":")).code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  // --- transport ------------------------------------------------------------------------------

  @Test
  void serverThatStopsAnsweringIsAGenerationTimeout() {
    ProviderException e =
        chatFailure(
            new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
    assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void callOutlastingTheModelsTimeoutIsAGenerationTimeoutEvenWhileBytesTrickle() {
    OpenAiProvider patient = new OpenAiProvider(OpenAiRequests.config(server));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/event-stream")
            .body(OpenAiChatTest.delta("slow") + OpenAiChatTest.DONE)
            .throttleBody(8, 50, TimeUnit.MILLISECONDS)
            .build());
    ProviderRequest base = request(Category.TEXT, "m", "{\"prompt\":\"hi\"}", "{}");
    ModelDefinition quick =
        new ModelDefinition(
            base.model().slug(),
            Category.TEXT,
            "",
            base.model().inputSchema(),
            base.model().pricing(),
            Duration.ofMillis(300),
            base.model().routes(),
            true,
            Map.of());
    ProviderRequest request =
        new ProviderRequest(
            base.executionId(),
            quick,
            base.route(),
            base.input(),
            null,
            base.startedAt(),
            base.now(),
            null);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> patient.start(request));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
  }

  @Test
  void refusedConnectionIsServiceUnavailable() throws Exception {
    URI closed;
    try (MockWebServer gone = new MockWebServer()) {
      gone.start();
      closed = URI.create(gone.url("/v1").toString());
    }
    OpenAiProvider unreachable = new OpenAiProvider(OpenAiConfig.of("k").withBaseUrl(closed));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> unreachable.start(request(Category.TEXT, "m", "{\"prompt\":\"hi\"}", "{}")));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
  }

  @Test
  void unknownHostIsServiceUnavailable() {
    OkHttpClient noDns =
        new OkHttpClient.Builder()
            .dns(
                host -> {
                  throw new UnknownHostException(host);
                })
            .build();
    OpenAiProvider unresolvable =
        new OpenAiProvider(
            OpenAiConfig.of("k").withBaseUrl(URI.create("https://llm.internal.example/v1")), noDns);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> unresolvable.start(request(Category.IMAGE, "m", "{\"prompt\":\"hi\"}", "{}")));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.getCause()).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void connectionDroppedMidStreamIsServiceUnavailable() {
    ProviderException e =
        chatFailure(
            new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .chunkedBody(
                    OpenAiChatTest.delta("partial")
                        + OpenAiChatTest.delta(" more")
                        + OpenAiChatTest.DONE,
                    16)
                .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
                .build());

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
  }

  // --- classify(Throwable) --------------------------------------------------------------------

  @Test
  void classifyMapsEachKindOfThrowable() {
    ProviderException own = new ProviderException(ErrorCode.RATE_LIMITED, "x");

    assertThat(provider.classify(own)).isSameAs(own);
    assertThat(provider.classify(new SocketTimeoutException("read timed out")).code())
        .isEqualTo(ErrorCode.GENERATION_TIMEOUT);
    assertThat(provider.classify(new InterruptedIOException("timeout")).code())
        .isEqualTo(ErrorCode.GENERATION_TIMEOUT);
    assertThat(provider.classify(new ConnectException("refused")).code())
        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(provider.classify(new UnknownHostException("x")).code())
        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(provider.classify(new IOException("unexpected end of stream")).code())
        .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(provider.classify(new JsonParseException(null, "bad")).code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(provider.classify(new UncheckedIOException(new SocketTimeoutException())).code())
        .isEqualTo(ErrorCode.GENERATION_TIMEOUT);
    assertThat(provider.classify(new IllegalStateException("bug")).code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }
}
