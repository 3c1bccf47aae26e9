package io.modelroute.provider.replicate;

import static io.modelroute.provider.replicate.ReplicateRequests.CALLBACK;
import static io.modelroute.provider.replicate.ReplicateRequests.T0;
import static io.modelroute.provider.replicate.ReplicateRequests.TOKEN;
import static io.modelroute.provider.replicate.ReplicateRequests.body;
import static io.modelroute.provider.replicate.ReplicateRequests.json;
import static io.modelroute.provider.replicate.ReplicateRequests.prediction;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderRequest;
import java.net.URI;
import java.nio.file.Path;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sample catalog of docs/provider-replicate.md loads and builds Replicate's documented inputs.
 */
class ReplicateSampleCatalogTest {
  private final MockWebServer server = new MockWebServer();
  private ReplicateProvider provider;
  private Catalog catalog;

  @BeforeEach
  void start() throws Exception {
    server.start();
    provider =
        new ReplicateProvider(
            new ReplicateConfig(
                URI.create(server.url("/v1").toString()), TOKEN, null, null, null, null),
            new OkHttpClient());
    catalog = Catalog.load(Path.of(getClass().getResource("sample-catalog.yaml").toURI()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RecordedRequest startOn(String slug, String input) throws InterruptedException {
    ModelDefinition model = catalog.find(slug).orElseThrow();
    server.enqueue(json(201, prediction("p1", "starting", "")));
    provider.start(
        new ProviderRequest(
            "exec_1",
            model,
            model.routes().get(0),
            json(input),
            URI.create(CALLBACK),
            T0,
            T0,
            ProgressListener.NONE));
    return server.takeRequest();
  }

  @Test
  void flux11ProMapsTheCanonicalImageInput() throws Exception {
    RecordedRequest sent =
        startOn(
            "flux-1.1-pro",
            "{\"prompt\":\"a lighthouse\",\"width\":1024,\"height\":768,\"image\":\"https://gw.example.com/f/1?sig=x\"}");

    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/models/black-forest-labs/flux-1.1-pro/predictions");
    assertThat(body(sent).get("input"))
        .isEqualTo(
            json(
                "{\"prompt\":\"a lighthouse\",\"aspect_ratio\":\"custom\","
                    + "\"width\":1024,\"height\":768,\"image_prompt\":\"https://gw.example.com/f/1?sig=x\","
                    + "\"output_format\":\"png\",\"safety_tolerance\":2}"));
  }

  @Test
  void llamaMapsTheCanonicalTextInput() throws Exception {
    RecordedRequest sent =
        startOn(
            "llama-3-8b-instruct", "{\"prompt\":\"hi\",\"max_tokens\":512,\"temperature\":0.7}");

    assertThat(sent.getUrl().encodedPath())
        .isEqualTo("/v1/models/meta/meta-llama-3-8b-instruct/predictions");
    assertThat(body(sent).get("input"))
        .isEqualTo(json("{\"prompt\":\"hi\",\"max_tokens\":512,\"temperature\":0.7}"));
  }

  @Test
  void minimaxVideoMapsTheSourceImageToTheFirstFrame() throws Exception {
    RecordedRequest sent =
        startOn(
            "minimax-video-01",
            "{\"prompt\":\"waves\",\"duration\":6,\"source_image\":\"https://gw.example.com/f/2?sig=y\"}");

    assertThat(body(sent).get("input"))
        .isEqualTo(
            json(
                "{\"prompt\":\"waves\","
                    + "\"first_frame_image\":\"https://gw.example.com/f/2?sig=y\",\"prompt_optimizer\":true}"));
    assertThat(body(sent).get("webhook").asText()).isEqualTo(CALLBACK);
  }
}
