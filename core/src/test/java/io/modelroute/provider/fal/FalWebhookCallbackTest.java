package io.modelroute.provider.fal;

import static io.modelroute.provider.fal.FalFixtures.CALLBACK;
import static io.modelroute.provider.fal.FalFixtures.NOW;
import static io.modelroute.provider.fal.FalFixtures.REQUEST_ID;
import static io.modelroute.provider.fal.FalFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderOutcome.Pending;
import io.modelroute.provider.ProviderRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FalWebhookCallbackTest {
  static final String JOB = "fal-ai/flux/requests/" + REQUEST_ID;

  final MockWebServer fal = new MockWebServer();
  final WebhookSigner signer = WebhookSigner.generate();
  FalProvider provider;

  @BeforeEach
  void start() throws Exception {
    fal.start();
    provider = FalFixtures.provider(fal, signer.keys());
  }

  @AfterEach
  void stop() {
    fal.close();
  }

  static String ok(String payload) {
    return "{\"request_id\":\""
        + REQUEST_ID
        + "\",\"gateway_request_id\":\""
        + REQUEST_ID
        + "\",\"status\":\"OK\","
        + "\"payload\":"
        + payload
        + ",\"error\":null}";
  }

  static String error(String error, String payload) {
    return "{\"request_id\":\""
        + REQUEST_ID
        + "\",\"gateway_request_id\":\""
        + REQUEST_ID
        + "\",\"status\":\"ERROR\","
        + "\"error\":\""
        + error
        + "\",\"payload\":"
        + payload
        + "}";
  }

  ProviderException callbackFails(String body) {
    return catchThrowableOfType(
        ProviderException.class,
        () ->
            provider.callback(
                FalFixtures.flux(CALLBACK),
                JOB,
                signer.headers(REQUEST_ID, NOW, body),
                bytes(body)));
  }

  static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSignedOkWebhookCompletesWithItsPayloadWithoutAskingFal() {
    String body =
        ok(
            "{\"images\":[{\"url\":\"https://v3.fal.media/files/fox.jpeg\",\"content_type\":\"image/jpeg\","
                + "\"file_name\":\"fox.jpeg\",\"file_size\":1824075,\"width\":1024,\"height\":1024}],\"seed\":196619188014358660}");

    Completed done =
        (Completed)
            provider.callback(
                FalFixtures.flux(CALLBACK),
                JOB,
                signer.headers(REQUEST_ID, NOW, body),
                bytes(body));

    assertThat(fal.getRequestCount()).isZero();
    OutputMedia image = done.media().get(0);
    assertThat(image.contentType()).isEqualTo("image/jpeg");
    assertThat(image.format()).isEqualTo("jpeg");
    assertThat(image.width()).isEqualTo(1024);
    assertThat(image.height()).isEqualTo(1024);
    assertThat(done.usage().megapixels()).isEqualByComparingTo("1.048576");
  }

  @Test
  void aSignedErrorWebhookWithAValidationPayloadFailsWithInputValidationError() {
    ProviderException e =
        callbackFails(
            error(
                "Invalid status code: 422",
                "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}"));

    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(e.getMessage())
        .isEqualTo("The model rejected the input: prompt: field required (HTTP 422)");
    assertThat(fal.getRequestCount()).isZero();
  }

  @Test
  void aSignedErrorWebhookForAContentPolicyViolationIsAModerationRejection() {
    ProviderException e =
        callbackFails(
            error(
                "Invalid status code: 422",
                "{\"detail\":[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"The content could not be processed because it contained "
                    + "material flagged by a content checker.\",\"type\":\"content_policy_violation\"}]}"));

    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_MODERATION_REJECTED);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void aSignedErrorWebhookFromTheRunnerIsClassifiedByItsErrorType() {
    ProviderException e =
        callbackFails(
            error(
                "Invalid status code: 503",
                "{\"detail\":\"No runner could be allocated\",\"error_type\":\"runner_scheduling_failure\"}"));

    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_OVERLOADED);
  }

  @Test
  void aSignedErrorWebhookWithoutPayloadIsAGenerationFailure() {
    ProviderException e =
        callbackFails(
            "{\"request_id\":\""
                + REQUEST_ID
                + "\",\"status\":\"ERROR\","
                + "\"error\":\"Something broke\",\"payload\":null,\"payload_error\":\"not serialisable\"}");

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
    assertThat(e.getMessage()).contains("not serialisable");
  }

  @Test
  void anOkWebhookWhosePayloadCouldNotBeSerialisedReadsTheResultFromFal() throws Exception {
    String body =
        "{\"request_id\":\""
            + REQUEST_ID
            + "\",\"status\":\"OK\",\"payload\":null,"
            + "\"payload_error\":\"Response payload is not JSON serializable\"}";
    fal.enqueue(
        json(
            200,
            "{\"images\":[{\"url\":\"https://v3.fal.media/files/a.png\",\"width\":512,\"height\":512}]}"));

    Completed done =
        (Completed)
            provider.callback(
                FalFixtures.flux(CALLBACK),
                JOB,
                signer.headers(REQUEST_ID, NOW, body),
                bytes(body));

    assertThat(fal.takeRequest().getUrl().encodedPath())
        .isEqualTo("/fal-ai/flux/requests/" + REQUEST_ID);
    assertThat(done.media()).hasSize(1);
    assertThat(done.usage().megapixels()).isEqualByComparingTo("0.262144");
  }

  @Test
  void anUnsignedWebhookIsNotTrustedAndFalIsAskedInstead() throws Exception {
    String forged =
        error(
            "Invalid status code: 422",
            "{\"detail\":[{\"msg\":\"nsfw\",\"type\":\"content_policy_violation\"}]}");
    fal.enqueue(json(200, "{\"status\":\"COMPLETED\"}"));
    fal.enqueue(
        json(
            200,
            "{\"images\":[{\"url\":\"https://v3.fal.media/files/b.png\",\"width\":256,\"height\":256}]}"));

    Completed done =
        (Completed) provider.callback(FalFixtures.flux(CALLBACK), JOB, Map.of(), bytes(forged));

    assertThat(done.media()).hasSize(1);
    RecordedRequest status = fal.takeRequest();
    assertThat(status.getUrl().encodedPath())
        .isEqualTo("/fal-ai/flux/requests/" + REQUEST_ID + "/status");
  }

  @Test
  void aWebhookSignedWithAnotherKeyIsNotTrusted() {
    String body = ok("{\"images\":[{\"url\":\"https://evil.example/x.png\"}]}");
    fal.enqueue(json(200, "{\"status\":\"IN_PROGRESS\"}"));

    Object outcome =
        provider.callback(
            FalFixtures.flux(CALLBACK),
            JOB,
            WebhookSigner.generate().headers(REQUEST_ID, NOW, body),
            bytes(body));

    assertThat(outcome).isEqualTo(new Pending(JOB, true, Duration.ofSeconds(3), null));
  }

  @Test
  void aWebhookWhoseBodyWasChangedAfterSigningIsNotTrusted() {
    String body = ok("{\"images\":[{\"url\":\"https://v3.fal.media/files/a.png\"}]}");
    Map<String, String> headers = signer.headers(REQUEST_ID, NOW, body);
    fal.enqueue(json(200, "{\"status\":\"IN_QUEUE\"}"));

    Object outcome =
        provider.callback(
            FalFixtures.flux(CALLBACK), JOB, headers, bytes(body.replace("a.png", "b.png")));

    assertThat(outcome).isInstanceOf(Pending.class);
    assertThat(fal.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aReplayedWebhookOlderThanFiveMinutesIsNotTrusted() {
    String body = ok("{\"images\":[{\"url\":\"https://v3.fal.media/files/a.png\"}]}");
    fal.enqueue(json(200, "{\"status\":\"IN_QUEUE\"}"));

    Object outcome =
        provider.callback(
            FalFixtures.flux(CALLBACK),
            JOB,
            signer.headers(REQUEST_ID, NOW.minus(Duration.ofMinutes(6)), body),
            bytes(body));

    assertThat(outcome).isInstanceOf(Pending.class);
    assertThat(fal.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aSignedWebhookForAnotherRequestIsNotTakenForThisJob() {
    String body =
        ok("{\"images\":[{\"url\":\"https://v3.fal.media/files/a.png\"}]}")
            .replace(REQUEST_ID, "other-request");
    fal.enqueue(json(200, "{\"status\":\"IN_QUEUE\"}"));

    Object outcome =
        provider.callback(
            FalFixtures.flux(CALLBACK),
            JOB,
            signer.headers("other-request", NOW, body),
            bytes(body));

    assertThat(outcome).isInstanceOf(Pending.class);
    assertThat(fal.getRequestCount()).isEqualTo(1);
  }

  @Test
  void headerNamesAreMatchedWhateverTheirCase() {
    String body =
        ok(
            "{\"video\":{\"url\":\"https://v3.fal.media/files/clip.mp4\",\"content_type\":\"video/mp4\"}}");
    Map<String, String> headers = new HashMap<>();
    signer
        .headers(REQUEST_ID, NOW, body)
        .forEach((k, v) -> headers.put(k.toUpperCase(Locale.ROOT), v));
    ProviderRequest video =
        FalFixtures.request(
            Category.VIDEO,
            "fal-ai/kling-video/v2.1/standard/text-to-video",
            "{}",
            "{\"prompt\":\"waves\",\"duration\":5}",
            CALLBACK);

    Completed done =
        (Completed)
            provider.callback(
                video, "fal-ai/kling-video/requests/" + REQUEST_ID, headers, bytes(body));

    assertThat(done.media().get(0).durationSeconds()).isEqualByComparingTo("5");
    assertThat(fal.getRequestCount()).isZero();
  }
}
