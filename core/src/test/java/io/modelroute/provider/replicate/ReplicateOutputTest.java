package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.bytes;
import static io.modelroute.provider.replicate.ReplicateRequests.file;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome.Completed;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Base64;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How each category's {@code output} becomes text, files and usage. */
class ReplicateOutputTest {
  private static final String JOB = "p1";

  private final MockWebServer server = new MockWebServer();
  private ReplicateProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider =
        new ReplicateProvider(
            new ReplicateConfig(
                URI.create(server.url("/v1").toString()), TOKEN, null, null, null, null),
            new OkHttpClient());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Completed succeed(ReplicateRequests request, String fields) {
    server.enqueue(json(200, prediction(JOB, "succeeded", fields)));
    return (Completed) provider.poll(request.build(), JOB);
  }

  @Test
  void textTokensAreJoinedAndTokenCountsComeFromTheMetrics() {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.TEXT).providerModel("meta/meta-llama-3-8b-instruct"),
            "\"output\":[\"The\",\" quick\",\" brown\",\" fox\"],"
                + "\"metrics\":{\"input_token_count\":12,\"output_token_count\":4,\"predict_time\":0.3}");

    assertThat(done.text()).isEqualTo("The quick brown fox");
    assertThat(done.media()).isEmpty();
    assertThat(done.usage().inputTokens()).isEqualTo(12);
    assertThat(done.usage().outputTokens()).isEqualTo(4);
  }

  @Test
  void aTextOutputStringIsTakenAsIs() {
    Completed done = succeed(ReplicateRequests.of(Category.TEXT), "\"output\":\"Hello there\"");

    assertThat(done.text()).isEqualTo("Hello there");
    assertThat(done.usage().outputTokens()).isZero();
  }

  @Test
  void withoutTokenMetricsTheOutputTokensAreCountedFromTheTokenArray() {
    Completed done = succeed(ReplicateRequests.of(Category.TEXT), "\"output\":[\"a\",\"b\",\"c\"]");

    assertThat(done.usage().inputTokens()).isZero();
    assertThat(done.usage().outputTokens()).isEqualTo(3);
  }

  @Test
  void aSingleImageUrlIsOneFileAndAnImageWithoutASizeCountsOneMegapixel() {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.IMAGE),
            "\"output\":\"" + server.url("/o/out-0.gif") + "\"");

    assertThat(done.media()).hasSize(1);
    OutputMedia gif = done.media().get(0);
    assertThat(gif.contentType()).isEqualTo("image/gif");
    assertThat(gif.width()).isNull();
    assertThat(gif.height()).isNull();
    assertThat(done.usage().megapixels()).isEqualByComparingTo(BigDecimal.ONE);
  }

  @Test
  void audioDurationComesFromTheInput() {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.AUDIO).input("{\"prompt\":\"jazz\",\"duration\":8.5}"),
            "\"output\":\"" + server.url("/o/out.mp3") + "\",\"metrics\":{\"predict_time\":20.1}");

    assertThat(done.media().get(0).contentType()).isEqualTo("audio/mpeg");
    assertThat(done.media().get(0).format()).isEqualTo("mp3");
    assertThat(done.media().get(0).durationSeconds()).isEqualByComparingTo("8.5");
    assertThat(done.media().get(0).width()).isNull();
    assertThat(done.usage().mediaSeconds()).isEqualByComparingTo("8.5");
  }

  @Test
  void withoutAnInputDurationTheModelsPredictTimeIsTheLastResort() {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.AUDIO),
            "\"output\":\"" + server.url("/o/out.wav") + "\",\"metrics\":{\"predict_time\":3.25}");

    assertThat(done.media().get(0).contentType()).isEqualTo("audio/wav");
    assertThat(done.media().get(0).durationSeconds()).isNull();
    assertThat(done.usage().mediaSeconds()).isEqualByComparingTo("3.25");
  }

  @Test
  void withNeitherDurationNorMetricsEachFileCountsOneSecond() {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.VIDEO),
            "\"output\":\"" + server.url("/o/out.mp4") + "\"");

    assertThat(done.usage().mediaSeconds()).isEqualByComparingTo("1");
  }

  @Test
  void urlsNestedInAnObjectOutputAreCollectedInOrder() {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.IMAGE),
            "\"output\":{\"images\":[\""
                + server.url("/o/a.png")
                + "\"],\"mask\":\""
                + server.url("/o/b.webp")
                + "\",\"seed\":42,\"caption\":\"not a url\",\"note\":\"data: none, sorry\"}");

    assertThat(done.media()).extracting(OutputMedia::format).containsExactly("png", "webp");
  }

  @Test
  void withoutAKnownExtensionTheTypeComesFromAHeadRequest() throws Exception {
    server.enqueue(
        json(
            200, prediction(JOB, "succeeded", "\"output\":\"" + server.url("/o/blob/123") + "\"")));
    server.enqueue(
        new MockResponse.Builder().code(200).setHeader("Content-Type", "image/webp").build());

    Completed done = (Completed) provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB);

    assertThat(done.media().get(0).contentType()).isEqualTo("image/webp");
    assertThat(done.media().get(0).format()).isEqualTo("webp");
    server.takeRequest();
    RecordedRequest head = server.takeRequest();
    assertThat(head.getMethod()).isEqualTo("HEAD");
    assertThat(head.getUrl().encodedPath()).isEqualTo("/o/blob/123");
  }

  @Test
  void whenNeitherExtensionNorHeadTellTheTypeTheFileIsStoredAsOctetStream() {
    server.enqueue(
        json(200, prediction(JOB, "succeeded", "\"output\":\"" + server.url("/o/blob") + "\"")));
    server.enqueue(new MockResponse.Builder().code(405).build());

    Completed done = (Completed) provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB);

    assertThat(done.media().get(0).contentType()).isEqualTo("application/octet-stream");
    assertThat(done.media().get(0).format()).isEqualTo("bin");
  }

  @Test
  void aDataUriOutputIsDecoded() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
    Completed done =
        succeed(
            ReplicateRequests.of(Category.IMAGE),
            "\"output\":[\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png)
                + "\"]");

    assertThat(done.media().get(0).contentType()).isEqualTo("image/png");
    assertThat(bytes(done.media().get(0))).isEqualTo(png);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aMediaModelWithoutAnyOutputUrlFailsRetryably() {
    server.enqueue(json(200, prediction(JOB, "succeeded", "\"output\":[]")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.VIDEO).build(), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).isEqualTo("The model returned no output files");
  }

  @Test
  void aDownloadThatFailsFailsTheOpenWithAnIoException() {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.IMAGE),
            "\"output\":\"" + server.url("/o/gone.png") + "\"");
    server.enqueue(new MockResponse.Builder().code(404).body("gone").build());

    assertThatThrownBy(() -> done.media().get(0).source().open())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("404");
  }

  @Test
  void downloadsFromTheApiHostCarryTheToken() throws Exception {
    Completed done =
        succeed(
            ReplicateRequests.of(Category.IMAGE), "\"output\":\"" + server.url("/o/a.png") + "\"");
    server.enqueue(file("image/png", new byte[] {1, 2, 3}));

    assertThat(bytes(done.media().get(0))).containsExactly(1, 2, 3);

    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void outputUrlsOnOtherHostsAreNeverFetched() throws Exception {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      String otherHost = server.url("/").host().equals("127.0.0.1") ? "localhost" : "127.0.0.1";
      HttpUrl foreign = elsewhere.url("/latest/meta-data").newBuilder().host(otherHost).build();
      Completed done =
          succeed(
              ReplicateRequests.of(Category.IMAGE),
              "\"output\":[\"" + foreign + "\",\"" + server.url("/o/a.png") + "\"]");
      server.enqueue(file("image/png", new byte[] {7}));

      assertThat(done.media()).hasSize(1);
      assertThat(bytes(done.media().get(0))).containsExactly(7);
      assertThat(elsewhere.getRequestCount()).isZero();
    }
  }

  @Test
  void anOutputWithOnlyForeignUrlsHasNoFiles() {
    server.enqueue(
        json(
            200,
            prediction(JOB, "succeeded", "\"output\":\"http://169.254.169.254/latest/x.png\"")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.poll(ReplicateRequests.of(Category.IMAGE).build(), JOB));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void onlyTheApiHostAndReplicatesDeliveryHostCountAsReplicates() {
    ReplicateApi api =
        new ReplicateApi(
            new OkHttpClient(),
            HttpUrl.get("https://api.replicate.com/v1"),
            TOKEN,
            io.modelroute.provider.ResponseLimits.DEFAULTS);

    assertThat(api.isReplicateHost(HttpUrl.get("https://replicate.delivery/xezq/abc/out-0.webp")))
        .isTrue();
    assertThat(api.isReplicateHost(HttpUrl.get("https://pbxt.replicate.delivery/abc/out-0.png")))
        .isTrue();
    assertThat(api.isReplicateHost(HttpUrl.get("https://api.replicate.com/v1/files/x"))).isTrue();
    assertThat(api.isReplicateHost(HttpUrl.get("https://evilreplicate.delivery/x.png"))).isFalse();
    assertThat(api.isReplicateHost(HttpUrl.get("https://replicate.delivery.evil.com/x.png")))
        .isFalse();
    assertThat(api.isReplicateHost(HttpUrl.get("https://cdn.example.com/x.png"))).isFalse();
  }
}
