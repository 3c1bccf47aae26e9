package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProviderException;
import java.net.URI;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicateCancelTest {
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

  @Test
  void cancelPostsToThePredictionsCancelEndpoint() throws Exception {
    server.enqueue(json(200, prediction("ufawqhfynnddngldkgtslldrkq", "canceled", "")));

    provider.cancel(ReplicateRequests.of(Category.VIDEO).build(), "ufawqhfynnddngldkgtslldrkq");

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/predictions/ufawqhfynnddngldkgtslldrkq/cancel");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(sent.getBodySize()).isZero();
  }

  @Test
  void cancelOfAFinishedPredictionSucceedsQuietly() {
    server.enqueue(
        json(
            200, prediction("p1", "succeeded", "\"output\":\"https://replicate.delivery/x.png\"")));

    provider.cancel(ReplicateRequests.of(Category.IMAGE).build(), "p1");

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aJobIdIsEncodedAsOnePathSegment() throws Exception {
    server.enqueue(json(200, "{}"));

    provider.cancel(ReplicateRequests.of(Category.IMAGE).build(), "../models/x");

    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/v1/predictions/..%2Fmodels%2Fx/cancel");
  }

  @Test
  void aFailedCancelThrowsTheClassifiedErrorForTheCallerToLog() {
    server.enqueue(json(404, "{\"detail\":\"Not found.\"}"));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.cancel(ReplicateRequests.of(Category.IMAGE).build(), "p1"));

    assertThat(e.code()).isEqualTo(ErrorCode.GENERATION_FAILED);
  }
}
