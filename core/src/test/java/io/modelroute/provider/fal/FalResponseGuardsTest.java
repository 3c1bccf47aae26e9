package io.modelroute.provider.fal;

import static io.modelroute.provider.fal.FalFixtures.REQUEST_ID;
import static io.modelroute.provider.fal.FalFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ResponseLimits;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retry-After, response caps and provider-neutral messages of the fal adapter. */
class FalResponseGuardsTest {
  static final Pattern NAME = Pattern.compile("(?i)(?<![\\w.-])fal(?![a-z])");
  static final String JOB = "fal-ai/flux/requests/" + REQUEST_ID;

  final MockWebServer fal = new MockWebServer();
  FalProvider provider;

  @BeforeEach
  void start() throws Exception {
    fal.start();
    provider =
        new FalProvider(
            FalFixtures.config(fal, Duration.ofSeconds(5)),
            new OkHttpClient(),
            FalWebhookKeys.of(List.of()),
            new ResponseLimits(64 * 1024, 256 * 1024));
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

  @Test
  void aRateLimitedSubmitCarriesRetryAfterSeconds() {
    ProviderException e =
        submitFails(
            new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "2")
                .body("{\"detail\":\"Too many requests\"}")
                .build());

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void anOverloadedSubmitCarriesRetryAfterGivenAsAnHttpDate() {
    ProviderException e =
        submitFails(
            new MockResponse.Builder()
                .code(503)
                .addHeader("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
                .addHeader("Retry-After", "Wed, 21 Oct 2015 07:28:02 GMT")
                .body("")
                .build());

    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_OVERLOADED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void aQueueAnswerOverTheCapFailsTheAttempt() {
    ProviderException e =
        submitFails(
            json(
                200,
                "{\"request_id\":\""
                    + REQUEST_ID
                    + "\",\"logs\":"
                    + Json.write("q".repeat(1024 * 1024))
                    + "}"));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage())
        .isEqualTo("The model's response is larger than the limit of 65536 bytes");
  }

  @Test
  void aTextResultOverTheCapFailsTheAttemptInsteadOfBeingStored() {
    fal.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    fal.enqueue(json(200, "{\"output\":" + Json.write("t".repeat(1024 * 1024)) + "}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.poll(
                    FalFixtures.request(
                        Category.TEXT, "fal-ai/any-llm", "{}", "{\"prompt\":\"hi\"}", null),
                    JOB.replace("flux", "any-llm")));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).contains("larger than the limit of 65536 bytes");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(
      ints = {400, 401, 402, 403, 404, 408, 409, 413, 415, 422, 429, 500, 502, 503, 504, 418})
  void noMessageOfTheErrorTableNamesTheProvider(int status) {
    String body = "{\"detail\":\"fal.ai could not run fal-ai/flux: FAL runner error\"}";
    fal.enqueue(json(status, body)); // OkHttp repeats a 408 once
    ProviderException e = submitFails(json(status, body));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContainPattern(NAME);
  }

  @Test
  void noMessageOfAnUnknownJobIdNamesTheProvider() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.poll(FalFixtures.flux(null), "nonsense"));

    assertThat(e.getMessage()).doesNotContainPattern(NAME);
  }
}
