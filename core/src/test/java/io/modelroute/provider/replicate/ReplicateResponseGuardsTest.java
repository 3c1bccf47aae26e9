package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ResponseLimits;
import java.net.URI;
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

/** Retry-After, response caps and provider-neutral messages of the Replicate adapter. */
class ReplicateResponseGuardsTest {
  static final Pattern NAME = Pattern.compile("(?i)\\breplicate\\b");
  private final MockWebServer server = new MockWebServer();
  private ReplicateProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider =
        new ReplicateProvider(
            new ReplicateConfig(
                URI.create(server.url("/v1").toString()),
                TOKEN,
                null,
                null,
                Duration.ofSeconds(5),
                null),
            new OkHttpClient(),
            new ResponseLimits(64 * 1024, 256 * 1024));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ProviderException startFails(MockResponse response, Category category) {
    server.enqueue(response);
    return catchThrowableOfType(
        ProviderException.class, () -> provider.start(ReplicateRequests.of(category).build()));
  }

  @Test
  void aThrottledCreateCarriesRetryAfterSeconds() {
    ProviderException e =
        startFails(
            new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "2")
                .body("{\"detail\":\"Request was throttled.\",\"status\":429}")
                .build(),
            Category.IMAGE);

    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void anUnavailableCreateCarriesRetryAfterGivenAsAnHttpDate() {
    ProviderException e =
        startFails(
            new MockResponse.Builder()
                .code(503)
                .setHeader("Date", "Wed, 21 Oct 2015 07:28:00 GMT")
                .setHeader("Retry-After", "Wed, 21 Oct 2015 07:28:02 GMT")
                .body("")
                .build(),
            Category.IMAGE);

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void aTextPredictionOverTheCapFailsThePollInsteadOfBeingStored() {
    server.enqueue(
        json(
            200,
            prediction(
                "p1", "succeeded", "\"output\":[" + Json.write("z".repeat(1024 * 1024)) + "]")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.TEXT).build(), "p1"));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage())
        .isEqualTo("The model's response is larger than the limit of 65536 bytes");
  }

  @Test
  void anImagePredictionMayBeLargerThanTheTextCapButNotThanTheMediaCap() {
    server.enqueue(
        json(
            200,
            prediction("p1", "processing", "\"logs\":" + Json.write("l".repeat(100 * 1024)))
                .replace("\"logs\":\"\",", "")));
    assertThat(provider.poll(ReplicateRequests.of(Category.IMAGE).build(), "p1")).isNotNull();

    server.enqueue(
        json(
            200,
            prediction("p1", "processing", "\"logs\":" + Json.write("l".repeat(1024 * 1024)))
                .replace("\"logs\":\"\",", "")));
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), "p1"));
    assertThat(e.getMessage()).contains("larger than the limit of 262144 bytes");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 401, 402, 403, 404, 409, 413, 415, 422, 429, 500, 502, 503, 504, 418})
  void noMessageOfTheErrorTableNamesTheProvider(int status) {
    ProviderException e =
        startFails(
            json(
                status,
                "{\"detail\":\"Replicate: invalid input, see replicate.com/docs\",\"status\":"
                    + status
                    + "}"),
            Category.IMAGE);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContainPattern(NAME);
  }

  @Test
  void noMessageOfAFailedPredictionNamesTheProvider() {
    server.enqueue(
        json(
            200,
            prediction("p1", "failed", "\"error\":\"Replicate worker crashed\"")
                .replace("\"error\":null,", "")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), "p1"));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).doesNotContainPattern(NAME).contains("the provider worker crashed");
  }
}
