package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.CALLBACK;
import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.bytes;
import static io.modelroute.provider.replicate.ReplicateRequests.file;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderOutcome.Pending;
import io.modelroute.provider.ProviderRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplicatePollTest {
  private static final String JOB = "rrr4z55ocneqzikepnug6xezpe";
  private static final Duration POLL = Duration.ofSeconds(3);

  private final MockWebServer server = new MockWebServer();
  private ReplicateProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider =
        new ReplicateProvider(
            new ReplicateConfig(
                URI.create(server.url("/v1").toString()), TOKEN, null, null, null, POLL),
            new OkHttpClient());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pollingAfterALostCallbackFollowsThePredictionToItsStreamedFiles() throws Exception {
    byte[] first = "first mp4 bytes".getBytes();
    byte[] second = "second webm bytes".getBytes();
    ReplicateRequests video =
        ReplicateRequests.of(Category.VIDEO)
            .providerModel("minimax/video-01")
            .input("{\"prompt\":\"waves\",\"duration\":6,\"width\":1280,\"height\":720}")
            .callback(CALLBACK);
    server.enqueue(json(201, prediction(JOB, "starting", "")));
    server.enqueue(json(200, prediction(JOB, "processing", "")));
    server.enqueue(
        json(
            200,
            prediction(
                JOB,
                "succeeded",
                "\"output\":[\""
                    + server.url("/files/a/out-0.mp4")
                    + "\",\""
                    + server.url("/files/b/out-1.webm")
                    + "\"],"
                    + "\"metrics\":{\"predict_time\":41.5}")));
    server.enqueue(file("video/mp4", first));
    server.enqueue(file("video/webm", second));

    ProviderOutcome started = provider.start(video.build());
    // The callback never arrives; the engine polls when pollAfter has passed.
    ProviderOutcome stillRunning = provider.poll(video.build(), JOB);
    ProviderOutcome done = provider.poll(video.build(), JOB);

    assertThat(started).isEqualTo(new Pending(JOB, true, POLL, null));
    assertThat(stillRunning).isEqualTo(new Pending(JOB, true, POLL, null));
    assertThat(done).isInstanceOf(Completed.class);
    Completed completed = (Completed) done;
    assertThat(completed.media())
        .extracting(m -> m.contentType())
        .containsExactly("video/mp4", "video/webm");
    assertThat(completed.media()).extracting(m -> m.format()).containsExactly("mp4", "webm");
    assertThat(completed.media().get(0).durationSeconds()).isEqualByComparingTo("6");
    assertThat(completed.media().get(0).width()).isEqualTo(1280);
    assertThat(completed.usage().mediaSeconds()).isEqualByComparingTo("12");
    assertThat(server.getRequestCount())
        .isEqualTo(3); // nothing downloaded before the engine opens a source

    assertThat(bytes(completed.media().get(0))).isEqualTo(first);
    assertThat(bytes(completed.media().get(1))).isEqualTo(second);

    RecordedRequest create = server.takeRequest();
    RecordedRequest poll1 = server.takeRequest();
    RecordedRequest poll2 = server.takeRequest();
    RecordedRequest download = server.takeRequest();
    assertThat(create.getUrl().encodedPath()).isEqualTo("/v1/models/minimax/video-01/predictions");
    for (RecordedRequest poll : List.of(poll1, poll2)) {
      assertThat(poll.getMethod()).isEqualTo("GET");
      assertThat(poll.getUrl().encodedPath()).isEqualTo("/v1/predictions/" + JOB);
      assertThat(poll.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
    assertThat(download.getMethod()).isEqualTo("GET");
    assertThat(download.getUrl().encodedPath()).isEqualTo("/files/a/out-0.mp4");
  }

  @Test
  void aPollWithoutACallbackUrlIsPendingButNotAwaiting() {
    server.enqueue(json(200, prediction(JOB, "starting", "")));

    assertThat(provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB))
        .isEqualTo(new Pending(JOB, false, POLL, null));
  }

  @Test
  void progressIsReadFromTheLastProgressBarInTheLogs() {
    server.enqueue(
        json(
            200,
            prediction(JOB, "processing", "")
                .replace(
                    "\"logs\":\"\"",
                    "\"logs\":\"Using seed: 7\\n  4%|▍         | 1/28 [00:00<00:05]\\n"
                        + " 46%|████▋     | 13/28 [00:01<00:01]\\n\"")));
    List<Integer> reported = new ArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onProgress(int percent) {
            reported.add(percent);
          }
        };

    ProviderOutcome outcome =
        provider.poll(ReplicateRequests.of(Category.IMAGE).listener(listener).build(), JOB);

    assertThat(outcome).isEqualTo(new Pending(JOB, false, POLL, 46));
    assertThat(reported).containsExactly(46);
  }

  @ParameterizedTest
  @ValueSource(strings = {"queued", "booting", "", "SOMETHING_NEW"})
  void anUnknownStatusIsStillRunningNeverAFailure(String status) {
    server.enqueue(json(200, prediction(JOB, status, "")));

    assertThat(provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB))
        .isEqualTo(new Pending(JOB, false, POLL, null));
  }

  @Test
  void aPredictionWithoutAStatusIsStillRunning() {
    server.enqueue(json(200, "{\"id\":\"" + JOB + "\"}"));

    assertThat(provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB))
        .isEqualTo(new Pending(JOB, false, POLL, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"canceled", "aborted"})
  void aPredictionStoppedUpstreamIsARetryableGenerationFailure(String status) {
    server.enqueue(json(200, prediction(JOB, status, "")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains(status);
  }

  @Test
  void aPollOfAPredictionThatNoLongerExistsIsARetryableGenerationFailure() {
    server.enqueue(json(404, "{\"detail\":\"Not found.\"}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void anImageOutputPolledAfterItWasDeletedUpstreamIsARetryableFailure() {
    server.enqueue(
        json(200, prediction(JOB, "succeeded", "\"output\":null,\"data_removed\":true")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).isEqualTo("The output is no longer available upstream");
  }

  @Test
  void pollingMapsEverySucceededImageAndCountsItsMegapixels() {
    ProviderRequest request =
        ReplicateRequests.of(Category.IMAGE)
            .input("{\"prompt\":\"x\",\"width\":512,\"height\":768}")
            .build();
    server.enqueue(
        json(
            200,
            prediction(
                JOB,
                "succeeded",
                "\"output\":[\""
                    + server.url("/o/0.jpg")
                    + "\",\""
                    + server.url("/o/1.jpeg")
                    + "\",\""
                    + server.url("/o/2.webp")
                    + "\"]")));

    Completed done = (Completed) provider.poll(request, JOB);

    assertThat(done.media())
        .extracting(m -> m.contentType())
        .containsExactly("image/jpeg", "image/jpeg", "image/webp");
    assertThat(done.usage().megapixels()).isEqualByComparingTo(new BigDecimal("1.179648"));
  }
}
