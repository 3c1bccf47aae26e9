package io.modelroute.provider.openai;

import static io.modelroute.provider.openai.OpenAiRequests.json;
import static io.modelroute.provider.openai.OpenAiRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ResponseLimits;
import java.time.Duration;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retry-After, response caps and provider-neutral messages of the OpenAI adapter. */
class OpenAiResponseGuardsTest {
  static final Pattern NAMES = Pattern.compile("(?i)\\b(openai|vllm-local)\\b");
  final MockWebServer server = new MockWebServer();
  OpenAiProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider =
        new OpenAiProvider(
            OpenAiRequests.config(server).withName("vllm-local"),
            new OkHttpClient(),
            new ResponseLimits(64 * 1024, 256 * 1024));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ProviderException chatFails(MockResponse response, String params) {
    server.enqueue(response);
    return catchThrowableOfType(
        ProviderException.class,
        () -> provider.start(request(Category.TEXT, "gpt-4o-mini", "{\"prompt\":\"hi\"}", params)));
  }

  @Test
  void aRateLimitCarriesRetryAfterSeconds() {
    ProviderException e =
        chatFails(
            new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "2")
                .body("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}")
                .build(),
            "{}");

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void anOverloadCarriesRetryAfterGivenAsAnHttpDate() {
    ProviderException e =
        chatFails(
            new MockResponse.Builder()
                .code(503)
                .addHeader("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
                .addHeader("Retry-After", "Wed, 21 Oct 2015 07:28:02 GMT")
                .body("")
                .build(),
            "{}");

    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_OVERLOADED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void aFailureWithoutRetryAfterCarriesNone() {
    assertThat(chatFails(json(500, "{}"), "{}").retryAfter()).isEmpty();
  }

  @Test
  void aChatAnswerOverTheCapFailsTheAttemptInsteadOfBeingStored() {
    String big = "x".repeat(1024 * 1024);
    ProviderException e =
        chatFails(
            json(
                200,
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\""
                    + big
                    + "\"}}]}"),
            "{\"stream\":false}");

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage())
        .isEqualTo("The model's response is larger than the limit of 65536 bytes");
  }

  @Test
  void aStreamedAnswerOverTheCapFailsTheAttempt() {
    StringBuilder sse = new StringBuilder();
    String chunk =
        "data: {\"choices\":[{\"delta\":{\"content\":\"" + "y".repeat(1000) + "\"}}]}\n\n";
    while (sse.length() < 1024 * 1024) {
      sse.append(chunk);
    }
    sse.append("data: [DONE]\n\n");
    ProviderException e = chatFails(OpenAiRequests.sse(sse.toString()), "{}");

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).contains("larger than the limit");
  }

  @Test
  void anImageAnswerOverTheMediaCapFailsTheAttempt() {
    server.enqueue(json(200, "{\"data\":[{\"b64_json\":\"" + "A".repeat(1024 * 1024) + "\"}]}"));
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(request(Category.IMAGE, "dall-e-3", "{\"prompt\":\"hi\"}", "{}")));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).contains("larger than the limit of 262144 bytes");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 402, 403, 404, 408, 409, 413, 415, 422, 429, 500, 502, 503, 504})
  void noMessageOfTheErrorTableNamesTheProvider(int status) {
    server.enqueue(
        json(status, "{\"error\":{\"message\":\"OpenAI (vllm-local) says no\",\"type\":\"x\"}}"));
    ProviderException e =
        chatFails(
            json(
                status, "{\"error\":{\"message\":\"OpenAI (vllm-local) says no\",\"type\":\"x\"}}"),
            "{}");

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContainPattern(NAMES);
  }

  @Test
  void noMessageOfAnErrorInsideAStreamNamesTheProvider() {
    ProviderException e =
        chatFails(
            OpenAiRequests.sse(
                "data: {\"error\":{\"message\":\"openai moderation: content_policy_violation\",\"code\":\"content_filter\"}}\n\n"),
            "{}");

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
    assertThat(e.getMessage()).doesNotContainPattern(NAMES);
  }
}
