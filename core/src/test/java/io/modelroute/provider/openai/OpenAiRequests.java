package io.modelroute.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Test helpers: requests built from catalog records by hand, canned responses, real images. */
final class OpenAiRequests {
  static final String KEY = "sk-test-0123456789abcdef";
  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

  private OpenAiRequests() {}

  static ProviderRequest request(
      Category category, String providerModel, String input, String params) {
    return request(category, providerModel, input, params, ProgressListener.NONE);
  }

  static ProviderRequest request(
      Category category,
      String providerModel,
      String input,
      String params,
      ProgressListener listener) {
    Route route = new Route("openai", providerModel, 1, json(params));
    ModelDefinition model =
        ModelDefinition.of(
            "test-" + category.wireName(),
            category,
            "test model",
            json("{\"type\":\"object\"}"),
            Pricing.perRun(Money.ZERO),
            List.of(route));
    return new ProviderRequest(
        "exec_00000000-0000-0000-0000-000000000001",
        model,
        route,
        json(input),
        null,
        T0,
        T0,
        listener);
  }

  static OpenAiProvider provider(MockWebServer server) {
    return new OpenAiProvider(config(server));
  }

  static OpenAiConfig config(MockWebServer server) {
    return OpenAiConfig.of(KEY).withBaseUrl(URI.create(server.url("/v1").toString()));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .addHeader("Cache-Control", "no-cache")
        .chunkedBody(body, 37)
        .build();
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static JsonNode tree(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static byte[] bytes(OutputMedia media) {
    try (InputStream in = media.source().open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A real image of the given size, encoded by the JDK ({@code png} or {@code jpeg}). */
  static byte[] image(String format, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(30, 120, 200));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.ORANGE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Collects streamed text chunks. */
  static final class RecordingListener implements ProgressListener {
    final List<String> deltas = new CopyOnWriteArrayList<>();

    @Override
    public void onDelta(String text) {
      deltas.add(text);
    }
  }
}
