package io.modelroute.provider.openai;

import static io.modelroute.provider.openai.OpenAiRequests.json;
import static io.modelroute.provider.openai.OpenAiRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Money;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderRequest;
import java.nio.file.Path;
import java.util.Base64;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sample catalog of docs/provider-openai.md parses and its routes make the documented requests.
 */
class SampleCatalogTest {
  final MockWebServer server = new MockWebServer();
  Catalog catalog;

  @BeforeEach
  void start() throws Exception {
    server.start();
    catalog = Catalog.load(Path.of(getClass().getResource("openai-catalog.yaml").toURI()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ProviderRequest request(ModelDefinition model, Route route, String input) {
    return new ProviderRequest(
        "exec_1", model, route, json(input), null, OpenAiRequests.T0, OpenAiRequests.T0, null);
  }

  @Test
  void textModelsFirstRouteSendsTheMappedChatRequestAndIsPricedFromReportedUsage()
      throws Exception {
    ModelDefinition model = catalog.find("gpt-4o-mini").orElseThrow();
    Route route = model.routes().get(0);
    server.enqueue(
        OpenAiRequests.sse(
            OpenAiChatTest.delta("Hi!")
                + OpenAiChatTest.finish("stop")
                + OpenAiChatTest.usage(1000, 1000)
                + OpenAiChatTest.DONE));

    Completed result =
        (Completed)
            OpenAiRequests.provider(server)
                .start(
                    request(
                        model,
                        route,
                        "{\"prompt\":\"Hello\",\"max_tokens\":512,\"temperature\":1}"));

    assertThat(route.provider()).isEqualTo("openai");
    assertThat(model.pricing().actualCost(result.usage())).isEqualTo(Money.parse("0.00075"));
    assertThat(tree(server.takeRequest().getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":512,"
                    + "\"temperature\":1,\"stream\":true,\"stream_options\":{\"include_usage\":true}}"));
    assertThat(model.routes().get(1).provider()).isEqualTo("vllm-local");
  }

  @Test
  void imageModelSendsSizeQualityAndNoResponseFormatAndIsPricedPerMegapixel() throws Exception {
    ModelDefinition model = catalog.find("gpt-image-1").orElseThrow();
    byte[] png = OpenAiRequests.image("png", 100, 50);
    server.enqueue(
        OpenAiRequests.json(
            200,
            "{\"created\":1,\"data\":[{\"b64_json\":\""
                + Base64.getEncoder().encodeToString(png)
                + "\"}]}"));

    Completed result =
        (Completed)
            OpenAiRequests.provider(server)
                .start(
                    request(
                        model,
                        model.routes().get(0),
                        "{\"prompt\":\"a red fox\",\"width\":1536,\"height\":1024,\"quality\":\"high\"}"));

    assertThat(tree(server.takeRequest().getBody().utf8()))
        .isEqualTo(
            tree(
                "{\"model\":\"gpt-image-1\",\"prompt\":\"a red fox\",\"n\":1,\"size\":\"1536x1024\",\"quality\":\"high\","
                    + "\"moderation\":\"low\"}"));
    assertThat(model.pricing().actualCost(result.usage())).isEqualTo(Money.parse("0.0002"));
  }
}
