package io.modelroute.provider.fal;

import static io.modelroute.provider.fal.FalFixtures.CALLBACK;
import static io.modelroute.provider.fal.FalFixtures.FLUX_PARAMS;
import static io.modelroute.provider.fal.FalFixtures.KEY;
import static io.modelroute.provider.fal.FalFixtures.REQUEST_ID;
import static io.modelroute.provider.fal.FalFixtures.accepted;
import static io.modelroute.provider.fal.FalFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderOutcome.Pending;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.provider.internal.ParamTemplate;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FalQueueRoundTripTest {
  static final String JOB = "fal-ai/flux/requests/" + REQUEST_ID;
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4};

  final MockWebServer fal = new MockWebServer();
  final MockWebServer cdn = new MockWebServer();
  FalProvider provider;

  @BeforeEach
  void start() throws Exception {
    fal.start();
    cdn.start();
    provider = FalFixtures.provider(fal, FalWebhookKeys.of(List.of()));
  }

  @AfterEach
  void stop() {
    fal.close();
    cdn.close();
  }

  @Test
  void queueRoundTripSubmitsPollsUntilCompletedAndStreamsTheImageFromItsUrl() throws Exception {
    String imageUrl = cdn.url("/files/fox/image.png").toString();
    fal.enqueue(accepted(fal, "fal-ai/flux", REQUEST_ID));
    fal.enqueue(json(200, "{\"status\":\"IN_QUEUE\",\"queue_position\":2,\"response_url\":\"x\"}"));
    fal.enqueue(
        json(
            200,
            "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"Loading model\",\"level\":\"INFO\"},"
                + "{\"message\":\" 50%|#####     | 14/28 [00:02<00:02]\",\"level\":\"INFO\"}]}"));
    fal.enqueue(
        json(200, "{\"status\":\"COMPLETED\",\"logs\":[],\"metrics\":{\"inference_time\":3.2}}"));
    fal.enqueue(
        json(
            200,
            "{\"images\":[{\"url\":\""
                + imageUrl
                + "\",\"width\":1024,\"height\":768,"
                + "\"content_type\":\"image/png\"}],\"seed\":42,\"has_nsfw_concepts\":[false],\"prompt\":\"a red fox\"}"));
    cdn.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "image/png")
            .body(new Buffer().write(PNG))
            .build());
    List<Integer> progress = new CopyOnWriteArrayList<>();
    ProviderRequest request =
        FalFixtures.request(
            Category.IMAGE,
            "fal-ai/flux/dev",
            FLUX_PARAMS,
            "{\"prompt\":\"a red fox\",\"width\":1024,\"height\":768}",
            CALLBACK,
            new ProgressListener() {
              @Override
              public void onProgress(int percent) {
                progress.add(percent);
              }
            });

    ProviderOutcome started = provider.start(request);

    assertThat(started).isEqualTo(new Pending(JOB, true, Duration.ofSeconds(3), null));
    RecordedRequest submit = fal.takeRequest();
    assertThat(submit.getMethod()).isEqualTo("POST");
    assertThat(submit.getUrl().encodedPath()).isEqualTo("/fal-ai/flux/dev");
    assertThat(submit.getHeaders().get("Authorization")).isEqualTo("Key " + KEY);
    assertThat(submit.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(submit.getUrl().queryParameter("fal_webhook")).isEqualTo(CALLBACK.toString());
    assertThat(submit.getTarget()).contains("fal_webhook=https%3A%2F%2Fgw.example.com%2F");
    assertThat(Json.readTree(submit.getBody().utf8()))
        .isEqualTo(ParamTemplate.apply(Json.readObject(FLUX_PARAMS), request.input()))
        .isEqualTo(
            Json.readTree(
                "{\"prompt\":\"a red fox\",\"image_size\":{\"width\":1024,\"height\":768},"
                    + "\"num_inference_steps\":28,\"enable_safety_checker\":true}"));

    assertThat(provider.poll(request, JOB))
        .isEqualTo(new Pending(JOB, true, Duration.ofSeconds(3), null));
    RecordedRequest queued = fal.takeRequest();
    assertThat(queued.getMethod()).isEqualTo("GET");
    assertThat(queued.getUrl().encodedPath())
        .isEqualTo("/fal-ai/flux/requests/" + REQUEST_ID + "/status");
    assertThat(queued.getUrl().queryParameter("logs")).isEqualTo("1");
    assertThat(queued.getHeaders().get("Authorization")).isEqualTo("Key " + KEY);

    assertThat(provider.poll(request, JOB))
        .isEqualTo(new Pending(JOB, true, Duration.ofSeconds(3), 50));
    assertThat(progress).containsExactly(50);
    fal.takeRequest();

    Completed done = (Completed) provider.poll(request, JOB);

    assertThat(fal.takeRequest().getUrl().encodedPath()).endsWith("/status");
    RecordedRequest result = fal.takeRequest();
    assertThat(result.getMethod()).isEqualTo("GET");
    assertThat(result.getUrl().encodedPath()).isEqualTo("/fal-ai/flux/requests/" + REQUEST_ID);
    assertThat(result.getHeaders().get("Authorization")).isEqualTo("Key " + KEY);
    assertThat(done.text()).isNull();
    assertThat(done.usage().megapixels()).isEqualByComparingTo("0.786432");
    assertThat(done.media()).hasSize(1);
    OutputMedia image = done.media().get(0);
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.format()).isEqualTo("png");
    assertThat(image.width()).isEqualTo(1024);
    assertThat(image.height()).isEqualTo(768);
    assertThat(cdn.getRequestCount())
        .as("nothing is downloaded before the engine opens the source")
        .isZero();

    assertThat(FalFixtures.read(image)).isEqualTo(PNG);
    RecordedRequest download = cdn.takeRequest();
    assertThat(download.getUrl().encodedPath()).isEqualTo("/files/fox/image.png");
    assertThat(download.getHeaders().get("Authorization"))
        .as("the fal key never leaves for file hosts")
        .isNull();
  }

  @Test
  void withoutACallbackUrlNoWebhookIsRequestedAndTheJobIsOnlyPolled() throws Exception {
    fal.enqueue(accepted(fal, "fal-ai/flux", REQUEST_ID));

    ProviderOutcome started = provider.start(FalFixtures.flux(null));

    assertThat(started).isEqualTo(new Pending(JOB, false, Duration.ofSeconds(3), null));
    RecordedRequest submit = fal.takeRequest();
    assertThat(submit.getUrl().queryParameter("fal_webhook")).isNull();
    assertThat(submit.getUrl().querySize()).isZero();
  }

  @Test
  void anEndpointWithoutSubpathKeepsItsWholeIdAsTheAppId() throws Exception {
    fal.enqueue(accepted(fal, "fal-ai/flux-pro", "r1"));
    fal.enqueue(json(200, "{\"status\":\"IN_QUEUE\",\"queue_position\":0}"));
    ProviderRequest request =
        FalFixtures.request(
            Category.IMAGE, "fal-ai/flux-pro", FLUX_PARAMS, "{\"prompt\":\"x\"}", null);

    Pending pending = (Pending) provider.start(request);
    provider.poll(request, pending.jobId());

    assertThat(pending.jobId()).isEqualTo("fal-ai/flux-pro/requests/r1");
    assertThat(fal.takeRequest().getUrl().encodedPath()).isEqualTo("/fal-ai/flux-pro");
    assertThat(fal.takeRequest().getUrl().encodedPath())
        .isEqualTo("/fal-ai/flux-pro/requests/r1/status");
  }

  @Test
  void aQueueBaseUrlWithAPathPrefixKeepsIt() throws Exception {
    FalConfig config =
        new FalConfig(fal.url("/proxy/fal/").uri(), KEY, null, null, Duration.ofMillis(500));
    FalProvider proxied = new FalProvider(config, new OkHttpClient(), FalWebhookKeys.of(List.of()));
    fal.enqueue(accepted(fal, "fal-ai/flux", REQUEST_ID));
    fal.enqueue(json(200, "{\"status\":\"IN_QUEUE\"}"));

    Pending pending = (Pending) proxied.start(FalFixtures.flux(null));
    proxied.poll(FalFixtures.flux(null), pending.jobId());

    assertThat(pending.pollAfter()).isEqualTo(Duration.ofMillis(500));
    assertThat(fal.takeRequest().getUrl().encodedPath()).isEqualTo("/proxy/fal/fal-ai/flux/dev");
    assertThat(fal.takeRequest().getUrl().encodedPath())
        .isEqualTo("/proxy/fal/fal-ai/flux/requests/" + REQUEST_ID + "/status");
  }

  @Test
  void anUnknownStatusIsStillRunningAndPolledAgain() {
    fal.enqueue(json(200, "{\"status\":\"WARMING_UP\"}"));
    fal.enqueue(json(200, "{}"));

    assertThat(provider.poll(FalFixtures.flux(CALLBACK), JOB))
        .isEqualTo(new Pending(JOB, true, Duration.ofSeconds(3), null));
    assertThat(provider.poll(FalFixtures.flux(null), JOB))
        .isEqualTo(new Pending(JOB, false, Duration.ofSeconds(3), null));
  }

  @Test
  void inProgressWithoutAProgressLineHasNoPercent() {
    fal.enqueue(json(200, "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"Generating\"}]}"));
    fal.enqueue(json(200, "{\"status\":\"IN_PROGRESS\"}"));

    assertThat(((Pending) provider.poll(FalFixtures.flux(null), JOB)).percent()).isNull();
    assertThat(((Pending) provider.poll(FalFixtures.flux(null), JOB)).percent()).isNull();
  }

  @Test
  void aFinishedProgressBarIsReportedAs99UntilTheStatusSaysCompleted() {
    fal.enqueue(
        json(
            200,
            "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"100%|##########| 28/28\"}]}"));

    assertThat(((Pending) provider.poll(FalFixtures.flux(null), JOB)).percent()).isEqualTo(99);
  }

  @Test
  void aCompletedRequestWhoseResultIsAnErrorIsClassified() throws Exception {
    fal.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    fal.enqueue(
        json(
            422,
            "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\","
                + "\"type\":\"missing\"}]}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.poll(FalFixtures.flux(null), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("The model rejected the input: prompt: field required (HTTP 422)");
  }

  @Test
  void aCompletedRequestThatFailedOnTheRunnerIsClassifiedByItsErrorType() {
    fal.enqueue(
        json(
            200,
            "{\"status\":\"COMPLETED\",\"error\":\"Request timed out\",\"error_type\":\"request_timeout\"}"));
    fal.enqueue(
        new MockResponse.Builder()
            .code(504)
            .addHeader("X-Fal-Error-Type", "request_timeout")
            .body("{\"detail\":\"Request timed out\",\"error_type\":\"request_timeout\"}")
            .build());

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.poll(FalFixtures.flux(null), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_TIMEOUT);
  }

  @Test
  void aFailedStatusReportsTheResultsErrorOrElseGenerationFailed() {
    fal.enqueue(json(200, "{\"status\":\"FAILED\"}"));
    fal.enqueue(
        json(
            500,
            "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"No media generated\",\"type\":\"no_media_generated\"}]}"));
    fal.enqueue(json(200, "{\"status\":\"FAILED\"}"));
    fal.enqueue(json(200, "{}"));

    assertThat(
            catchThrowableOfType(
                    ProviderException.class, () -> provider.poll(FalFixtures.flux(null), JOB))
                .code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(
            catchThrowableOfType(
                    ProviderException.class, () -> provider.poll(FalFixtures.flux(null), JOB))
                .code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void aRequestCancelledAtTheProviderFailsRetryably() {
    fal.enqueue(json(200, "{\"status\":\"CANCELLED\"}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.poll(FalFixtures.flux(null), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void cancelPutsToTheCancelUrlOfTheApp() throws Exception {
    fal.enqueue(json(202, "{\"status\":\"CANCELLATION_REQUESTED\"}"));

    provider.cancel(FalFixtures.flux(null), JOB);

    RecordedRequest cancel = fal.takeRequest();
    assertThat(cancel.getMethod()).isEqualTo("PUT");
    assertThat(cancel.getUrl().encodedPath())
        .isEqualTo("/fal-ai/flux/requests/" + REQUEST_ID + "/cancel");
    assertThat(cancel.getHeaders().get("Authorization")).isEqualTo("Key " + KEY);
  }

  @Test
  void cancelOfAnAlreadyCompletedRequestIsLoggedNotThrown() throws Exception {
    fal.enqueue(json(400, "{\"status\":\"ALREADY_COMPLETED\"}"));

    provider.cancel(FalFixtures.flux(null), JOB);
    provider.cancel(FalFixtures.flux(null), "not a job id");

    assertThat(fal.takeRequest().getMethod()).isEqualTo("PUT");
    assertThat(fal.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aSubmitAnswerWithoutARequestIdFailsRetryably() {
    fal.enqueue(json(200, "{\"status\":\"IN_QUEUE\"}"));
    fal.enqueue(json(200, "{\"request_id\":\"../../etc\"}"));

    assertThat(
            catchThrowableOfType(
                    ProviderException.class, () -> provider.start(FalFixtures.flux(null)))
                .code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(
            catchThrowableOfType(
                    ProviderException.class, () -> provider.start(FalFixtures.flux(null)))
                .code())
        .isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void aRouteWhoseProviderModelIsNoFalEndpointFailsWithoutCallingFal() {
    ProviderRequest request =
        FalFixtures.request(Category.IMAGE, "flux-dev", FLUX_PARAMS, "{\"prompt\":\"x\"}", null);

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider.start(request));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(fal.getRequestCount()).isZero();
  }

  @Test
  void badRouteParamsFailAsTheOperatorsMistake() {
    ProviderRequest request =
        FalFixtures.request(
            Category.IMAGE,
            "fal-ai/flux/dev",
            "{\"input\":\"$prompt\"}",
            "{\"prompt\":\"x\"}",
            null);

    assertThat(catchThrowableOfType(ProviderException.class, () -> provider.start(request)).code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(fal.getRequestCount()).isZero();
  }

  @Test
  void aJobIdThisAdapterDidNotMakeIsAnInternalError() {
    assertThat(
            catchThrowableOfType(
                    ProviderException.class,
                    () -> provider.poll(FalFixtures.flux(null), "demo_1_abc"))
                .code())
        .isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void aFailedDownloadSurfacesAsAnIoErrorWhenTheEngineOpensTheFile() {
    fal.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    fal.enqueue(json(200, "{\"images\":[{\"url\":\"" + cdn.url("/gone.png") + "\"}]}"));
    cdn.enqueue(new MockResponse.Builder().code(404).body("gone").build());

    Completed done = (Completed) provider.poll(FalFixtures.flux(null), JOB);

    assertThat(catchThrowableOfType(IOException.class, () -> done.media().get(0).source().open()))
        .hasMessageContaining("404");
    assertThat(done.media().get(0).width())
        .as("size from the input when fal does not report it")
        .isEqualTo(1024);
    assertThat(done.usage().megapixels()).isEqualByComparingTo(new BigDecimal("0.786432"));
  }
}
