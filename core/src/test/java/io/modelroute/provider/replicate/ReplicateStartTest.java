package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.CALLBACK;
import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.body;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderOutcome.Pending;
import java.net.URI;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicateStartTest {
  private static final String VERSION =
      "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";

  private final MockWebServer server = new MockWebServer();
  private ReplicateProvider provider;

  @BeforeEach
  void start() throws Exception {
    server.start();
    ReplicateConfig config =
        new ReplicateConfig(
            URI.create(server.url("/v1").toString()),
            TOKEN,
            null,
            null,
            null,
            Duration.ofSeconds(7));
    provider = new ReplicateProvider(config, new OkHttpClient());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void createWithACallbackUrlIsPendingAwaitingTheCallback() throws Exception {
    server.enqueue(json(201, prediction("gm3qorzdhgbfurvjtvhg6dckhu", "starting", "")));

    ProviderOutcome outcome =
        provider.start(ReplicateRequests.of(Category.IMAGE).callback(CALLBACK).build());

    assertThat(outcome)
        .isEqualTo(new Pending("gm3qorzdhgbfurvjtvhg6dckhu", true, Duration.ofSeconds(7), null));
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/models/black-forest-labs/flux-schnell/predictions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(sent.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(sent.getHeaders().get("Prefer")).isNull();
    JsonNode body = body(sent);
    assertThat(body.get("webhook").asText()).isEqualTo(CALLBACK);
    assertThat(body.get("webhook_events_filter"))
        .isEqualTo(json("{\"a\":[\"completed\"]}").get("a"));
    assertThat(body.get("input")).isEqualTo(json("{\"prompt\":\"a red fox\"}"));
    assertThat(body.has("version")).isFalse();
  }

  @Test
  void withoutACallbackUrlTheWebhookFieldsAreLeftOutAndTheJobIsPolled() throws Exception {
    server.enqueue(json(201, prediction("p1", "starting", "")));

    ProviderOutcome outcome = provider.start(ReplicateRequests.of(Category.IMAGE).build());

    assertThat(outcome).isEqualTo(new Pending("p1", false, Duration.ofSeconds(7), null));
    JsonNode body = body(server.takeRequest());
    assertThat(body.has("webhook")).isFalse();
    assertThat(body.has("webhook_events_filter")).isFalse();
  }

  @Test
  void theInputIsBuiltFromTheRouteParamsTemplate() throws Exception {
    server.enqueue(json(201, prediction("p1", "processing", "")));

    provider.start(
        ReplicateRequests.of(Category.IMAGE)
            .input(
                "{\"prompt\":\"a red fox\",\"width\":1024,\"height\":768,\"seed\":7,\"source_image\":"
                    + "\"https://gw.example.com/f/file_1?sig=abc\"}")
            .params(
                "{\"input\":{\"prompt\":\"$prompt\",\"width\":\"$width\",\"height\":\"$height\","
                    + "\"image\":\"$source_image\",\"num_outputs\":1,\"output_format\":\"webp\",\"go_fast\":true,"
                    + "\"negative_prompt\":\"$negative_prompt\"}}")
            .build());

    assertThat(body(server.takeRequest()).get("input"))
        .isEqualTo(
            json(
                "{\"prompt\":\"a red fox\",\"width\":1024,\"height\":768,\"image\":\"https://gw.example.com/f/file_1?sig=abc\","
                    + "\"num_outputs\":1,\"output_format\":\"webp\",\"go_fast\":true}"));
  }

  @Test
  void aVersionedModelIsCreatedOnPredictionsWithItsVersionId() throws Exception {
    server.enqueue(json(201, prediction("p1", "starting", "")));

    provider.start(
        ReplicateRequests.of(Category.IMAGE).providerModel("stability-ai/sdxl:" + VERSION).build());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(body(sent).get("version").asText()).isEqualTo(VERSION);
    assertThat(body(sent).get("input")).isEqualTo(json("{\"prompt\":\"a red fox\"}"));
  }

  @Test
  void aBareVersionIdIsCreatedOnPredictions() throws Exception {
    server.enqueue(json(201, prediction("p1", "starting", "")));

    provider.start(ReplicateRequests.of(Category.IMAGE).providerModel(VERSION).build());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(body(sent).get("version").asText()).isEqualTo(VERSION);
  }

  @Test
  void aDeploymentIsCreatedOnItsDeploymentEndpoint() throws Exception {
    server.enqueue(json(201, prediction("p1", "starting", "")));

    provider.start(
        ReplicateRequests.of(Category.TEXT).providerModel("deployments/acme/llama-prod").build());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/deployments/acme/llama-prod/predictions");
    assertThat(body(sent).has("version")).isFalse();
  }

  @Test
  void aPredictionAlreadySucceededAtCreateCompletesAtOnce() {
    server.enqueue(
        json(
            201,
            prediction(
                "p1",
                "succeeded",
                "\"output\":[\"Hello\",\" world\"],\"metrics\":{\"input_token_count\":3,\"output_token_count\":2}")));

    ProviderOutcome outcome =
        provider.start(ReplicateRequests.of(Category.TEXT).callback(CALLBACK).build());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Completed.class,
            c -> {
              assertThat(c.text()).isEqualTo("Hello world");
              assertThat(c.usage().inputTokens()).isEqualTo(3);
              assertThat(c.usage().outputTokens()).isEqualTo(2);
            });
  }

  @Test
  void aPredictionAlreadyFailedAtCreateIsClassified() {
    server.enqueue(json(201, prediction("p1", "failed", "\"error\":\"NSFW content detected\"")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
  }

  @Test
  void aCreateAnswerWithoutAnIdIsARetryableGenerationFailure() {
    server.enqueue(json(201, "{\"status\":\"starting\"}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void anUnreadableCreateAnswerIsARetryableGenerationFailure() {
    server.enqueue(json(201, "<html>oops</html>"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.start(ReplicateRequests.of(Category.IMAGE).build()));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }

  @Test
  void aMalformedProviderModelIsAnOperatorErrorAndNothingIsSent() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.start(
                    ReplicateRequests.of(Category.IMAGE).providerModel("not a model").build()));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(e.getMessage()).contains("provider_model");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRouteParamsInputThatIsNotAnObjectIsAnOperatorError() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                provider.start(
                    ReplicateRequests.of(Category.IMAGE).params("{\"input\":[1]}").build()));

    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    assertThat(server.getRequestCount()).isZero();
  }
}
