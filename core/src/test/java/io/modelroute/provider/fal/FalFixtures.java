package io.modelroute.provider.fal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Pricing;
import io.modelroute.catalog.Route;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/** Requests, responses and providers for the fal adapter tests; catalog records made by hand. */
final class FalFixtures {
  static final Instant NOW = Instant.parse("2026-03-20T10:30:00Z");
  static final String KEY = "fal-key-id:fal-key-secret";
  static final URI CALLBACK =
      URI.create("https://gw.example.com/v1/providers/fal/callback/cb_tok.en-1?sig=a+b/c&x=1");
  static final String FLUX_PARAMS =
      "{\"input\":{\"prompt\":\"$prompt\","
          + "\"image_size\":{\"width\":\"$width\",\"height\":\"$height\"},\"num_inference_steps\":28,"
          + "\"enable_safety_checker\":true,\"seed\":\"$seed\"}}";
  static final String REQUEST_ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";

  private FalFixtures() {}

  /** A provider on {@code server} with a short poll interval and a fixed webhook key set. */
  static FalProvider provider(MockWebServer server, FalWebhookKeys keys) {
    return new FalProvider(config(server, Duration.ofSeconds(5)), new OkHttpClient(), keys);
  }

  static FalConfig config(MockWebServer server, Duration readTimeout) {
    return new FalConfig(
        server.url("/").uri(), KEY, Duration.ofSeconds(2), readTimeout, Duration.ofSeconds(3));
  }

  static ProviderRequest request(
      Category category, String endpoint, String params, String input, URI callback) {
    return request(category, endpoint, params, input, callback, ProgressListener.NONE);
  }

  static ProviderRequest request(
      Category category,
      String endpoint,
      String params,
      String input,
      URI callback,
      ProgressListener listener) {
    Route route = new Route("fal", endpoint, 1, json(params));
    ModelDefinition model =
        ModelDefinition.of(
            "fal-" + category.wireName(),
            category,
            "test model",
            json("{\"type\":\"object\"}"),
            Pricing.perRun(Money.parse("0.04")),
            List.of(route));
    return new ProviderRequest(
        "exec_0000000000000001", model, route, json(input), callback, NOW, NOW, listener);
  }

  /** An image request for {@code fal-ai/flux/dev} with the flux template. */
  static ProviderRequest flux(URI callback) {
    return request(
        Category.IMAGE,
        "fal-ai/flux/dev",
        FLUX_PARAMS,
        "{\"prompt\":\"a red fox\",\"width\":1024,\"height\":768}",
        callback);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** fal's answer to a submit. */
  static MockResponse accepted(MockWebServer server, String appId, String requestId) {
    String base = server.url("/" + appId + "/requests/" + requestId).toString();
    return json(
        200,
        "{\"status\":\"IN_QUEUE\",\"request_id\":\""
            + requestId
            + "\",\"response_url\":\""
            + base
            + "\",\"status_url\":\""
            + base
            + "/status\",\"cancel_url\":\""
            + base
            + "/cancel\",\"queue_position\":0}");
  }

  static ObjectNode json(String text) {
    return Json.readObject(text);
  }

  static byte[] read(OutputMedia media) {
    try (InputStream in = media.source().open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
