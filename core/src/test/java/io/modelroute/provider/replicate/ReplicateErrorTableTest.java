package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the adapter's error table, against a server answering like Replicate. */
class ReplicateErrorTableTest {
  private final MockWebServer server = new MockWebServer();
  private ReplicateProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider = new ReplicateProvider(config(Duration.ofSeconds(5)), new OkHttpClient());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ReplicateConfig config(Duration readTimeout) {
    return new ReplicateConfig(
        URI.create(server.url("/v1").toString()), TOKEN, null, null, readTimeout, null);
  }

  static Stream<Arguments> httpRows() {
    return Stream.of(
        Arguments.of(
            400,
            "{\"detail\":\"Invalid JSON body\",\"status\":400}",
            ErrorCode.INPUT_VALIDATION_ERROR),
        Arguments.of(
            400,
            "{\"detail\":\"NSFW content detected in the prompt\"}",
            ErrorCode.CONTENT_MODERATION_REJECTED),
        Arguments.of(
            401,
            "{\"title\":\"Unauthenticated\",\"detail\":\"You did not pass a valid authentication token\","
                + "\"status\":401}",
            ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(
            402,
            "{\"title\":\"Insufficient credit\",\"detail\":\"You have insufficient credit to run this"
                + " model. Go to https://replicate.com/account/billing#billing to purchase credit.\",\"status\":402}",
            ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(
            403,
            "{\"detail\":\"You do not have permission to perform this action.\"}",
            ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(
            404, "{\"detail\":\"Not found.\",\"status\":404}", ErrorCode.MODEL_UNAVAILABLE),
        Arguments.of(409, "{\"detail\":\"Conflict\"}", ErrorCode.GENERATION_FAILED),
        Arguments.of(
            413, "<html>Request Entity Too Large</html>", ErrorCode.INPUT_VALIDATION_ERROR),
        Arguments.of(415, "{\"detail\":\"Unsupported media type\"}", ErrorCode.INTERNAL_ERROR),
        Arguments.of(
            422,
            "{\"title\":\"Input validation failed\",\"detail\":\"- input.width: Input should be less"
                + " than or equal to 1440\\n\",\"status\":422,\"invalid_fields\":[{\"type\":\"less_than_equal\","
                + "\"field\":\"input.width\",\"description\":\"Input should be less than or equal to 1440\"}]}",
            ErrorCode.INPUT_VALIDATION_ERROR),
        Arguments.of(
            422,
            "{\"title\":\"Invalid version or not permitted\",\"detail\":\"The specified version does"
                + " not exist (or perhaps you don't have permission to use it?)\",\"status\":422}",
            ErrorCode.MODEL_UNAVAILABLE),
        Arguments.of(
            422,
            "{\"detail\":\"- webhook: Invalid URL\",\"status\":422}",
            ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(
            422,
            "{\"detail\":\"The prompt was flagged by the content moderation system\"}",
            ErrorCode.CONTENT_MODERATION_REJECTED),
        Arguments.of(
            429,
            "{\"detail\":\"Request was throttled. Your rate limit resets in ~30s.\",\"status\":429}",
            ErrorCode.RATE_LIMITED),
        Arguments.of(500, "{\"detail\":\"Internal server error\"}", ErrorCode.GENERATION_FAILED),
        Arguments.of(502, "<html>Bad Gateway</html>", ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(503, "", ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(504, "upstream request timeout", ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(507, "", ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(418, "{\"detail\":\"I'm a teapot\"}", ErrorCode.GENERATION_FAILED));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("httpRows")
  void eachHttpStatusAtCreateMapsToItsCode(int status, String body, ErrorCode expected) {
    server.enqueue(json(status, body));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.retryable()).isEqualTo(expected.retryable());
    assertThat(e.getMessage()).doesNotContainIgnoringCase("replicate").doesNotContain(TOKEN);
  }

  @Test
  void aValidationErrorCarriesReplicatesDetailForTheClient() {
    server.enqueue(
        json(
            422,
            "{\"title\":\"Input validation failed\",\"detail\":\"- input.width: Input should be"
                + " less than or equal to 1440\\n\",\"status\":422}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e.getMessage())
        .isEqualTo("Invalid input: input.width: Input should be less than or equal to 1440");
  }

  @Test
  void aLongErrorDetailIsCutShort() {
    server.enqueue(json(422, "{\"detail\":\"" + "x".repeat(5000) + "\"}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e.getMessage()).hasSizeLessThan(ReplicateErrors.MAX_DETAIL + 40);
  }

  @Test
  void aResponseThatDoesNotArriveInTimeIsAGenerationTimeout() {
    ReplicateProvider impatient =
        new ReplicateProvider(config(Duration.ofMillis(200)), new OkHttpClient());
    server.enqueue(
        new MockResponse.Builder().code(201).body("{}").headersDelay(10, TimeUnit.SECONDS).build());

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> impatient.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
    assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class);
  }

  @Test
  void aPollThatDoesNotArriveInTimeIsAGenerationTimeout() {
    ReplicateProvider impatient =
        new ReplicateProvider(config(Duration.ofMillis(200)), new OkHttpClient());
    server.enqueue(
        new MockResponse.Builder().code(200).body("{}").headersDelay(10, TimeUnit.SECONDS).build());

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> impatient.poll(ReplicateRequests.of(Category.IMAGE).build(), "p1"));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
  }

  @Test
  void aRefusedConnectionIsServiceUnavailable() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    URI url = URI.create(gone.url("/v1").toString());
    gone.close();
    ReplicateProvider unreachable =
        new ReplicateProvider(
            new ReplicateConfig(url, TOKEN, null, null, null, null), new OkHttpClient());

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> unreachable.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    assertThat(e.getCause()).isInstanceOf(IOException.class);
  }

  static Stream<Arguments> failedPredictions() {
    return Stream.of(
        Arguments.of(
            "NSFW content detected. Try running it again, or try a different prompt.",
            ErrorCode.CONTENT_MODERATION_REJECTED),
        Arguments.of(
            "Your input was flagged by the safety checker", ErrorCode.CONTENT_MODERATION_REJECTED),
        Arguments.of("CUDA out of memory. Tried to allocate 2.00 GiB", ErrorCode.MODEL_OVERLOADED),
        Arguments.of("torch.OutOfMemoryError: CUDA error", ErrorCode.MODEL_OVERLOADED),
        Arguments.of(
            "Prediction input failed validation: width must be a multiple of 8",
            ErrorCode.INPUT_VALIDATION_ERROR),
        Arguments.of("Invalid input: image could not be decoded", ErrorCode.INPUT_VALIDATION_ERROR),
        Arguments.of(
            "cannot identify image file <_io.BytesIO object at 0x7f>",
            ErrorCode.INPUT_VALIDATION_ERROR),
        Arguments.of("Prediction timed out", ErrorCode.GENERATION_TIMEOUT),
        Arguments.of(
            "Traceback (most recent call last):\n  File \"predict.py\", line 9\nKeyError: 'x'",
            ErrorCode.GENERATION_FAILED),
        Arguments.of("", ErrorCode.GENERATION_FAILED));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("failedPredictions")
  void aFailedPredictionIsClassifiedFromItsErrorText(String error, ErrorCode expected) {
    server.enqueue(
        json(
            200,
            prediction("p1", "failed", "\"error\":" + io.modelroute.Json.write(error))
                .replace("\"error\":null,", "")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), "p1"));

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void aFailedPredictionWithoutAnErrorIsAGenerationFailure() {
    server.enqueue(json(200, prediction("p1", "failed", "")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), "p1"));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).isEqualTo("Generation failed");
  }

  @Test
  void aGenericModelErrorKeepsOnlyItsFirstLine() {
    server.enqueue(
        json(
            200,
            prediction("p1", "failed", "")
                .replace("\"error\":null", "\"error\":\"KeyError: 'x'\\nat line 9\"")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), "p1"));

    assertThat(e.getMessage()).isEqualTo("Generation failed: KeyError: 'x'");
  }

  static Stream<Arguments> throwables() {
    return Stream.of(
        Arguments.of(new SocketTimeoutException("timeout"), ErrorCode.GENERATION_TIMEOUT),
        Arguments.of(new InterruptedIOException("call timeout"), ErrorCode.GENERATION_TIMEOUT),
        Arguments.of(
            new UncheckedIOException(new SocketTimeoutException("read")),
            ErrorCode.GENERATION_TIMEOUT),
        Arguments.of(new ConnectException("Connection refused"), ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(new UnknownHostException("api.replicate.com"), ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(new SSLHandshakeException("bad cert"), ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(new IOException("unexpected end of stream"), ErrorCode.SERVICE_UNAVAILABLE),
        Arguments.of(
            new JsonParseException(null, "Unexpected character"), ErrorCode.GENERATION_FAILED),
        Arguments.of(new IllegalStateException("bug"), ErrorCode.GENERATION_FAILED),
        Arguments.of(
            new ProviderException(ErrorCode.RATE_LIMITED, "slow down"), ErrorCode.RATE_LIMITED));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("throwables")
  void classifyMapsEachKindOfFailure(Throwable failure, ErrorCode expected) {
    ProviderException e = provider.classify(failure);

    assertThat(e.code()).isEqualTo(expected);
    assertThat(e.getMessage()).doesNotContainIgnoringCase("replicate");
  }
}
