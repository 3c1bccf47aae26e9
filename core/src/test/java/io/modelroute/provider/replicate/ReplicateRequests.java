package io.modelroute.provider.replicate;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** Provider requests for Replicate-routed models, built by hand, and Replicate-shaped answers. */
record ReplicateRequests(
    Category category,
    String providerModel,
    String params,
    String input,
    URI callbackUrl,
    Instant now,
    ProgressListener listener) {

  static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  static final String EXECUTION = "exec_00000000-0000-0000-0000-000000000001";
  static final String TOKEN = "r8_test_token_0123456789";
  static final String CALLBACK =
      "https://gateway.example.com/v1/providers/replicate/callback/tok_abc";

  /** The Standard Webhooks specification's example secret. */
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  static ReplicateRequests of(Category category) {
    return new ReplicateRequests(
        category,
        "black-forest-labs/flux-schnell",
        "{}",
        "{\"prompt\":\"a red fox\"}",
        null,
        T0,
        ProgressListener.NONE);
  }

  ReplicateRequests providerModel(String m) {
    return new ReplicateRequests(category, m, params, input, callbackUrl, now, listener);
  }

  ReplicateRequests params(String json) {
    return new ReplicateRequests(category, providerModel, json, input, callbackUrl, now, listener);
  }

  ReplicateRequests input(String json) {
    return new ReplicateRequests(category, providerModel, params, json, callbackUrl, now, listener);
  }

  ReplicateRequests callback(String url) {
    return new ReplicateRequests(
        category,
        providerModel,
        params,
        input,
        url == null ? null : URI.create(url),
        now,
        listener);
  }

  ReplicateRequests now(Instant instant) {
    return new ReplicateRequests(
        category, providerModel, params, input, callbackUrl, instant, listener);
  }

  ReplicateRequests listener(ProgressListener l) {
    return new ReplicateRequests(category, providerModel, params, input, callbackUrl, now, l);
  }

  ProviderRequest build() {
    Route route = new Route("replicate", providerModel, 1, json(params));
    ModelDefinition model =
        ModelDefinition.of(
            "test-" + category.wireName(),
            category,
            "test model",
            json("{\"type\":\"object\"}"),
            Pricing.perRun(Money.ZERO),
            List.of(route));
    return new ProviderRequest(
        EXECUTION, model, route, json(input), callbackUrl, T0, now, listener);
  }

  /**
   * A prediction object as Replicate returns it; {@code extra} is more fields, e.g. {@code
   * "output": …}.
   */
  static String prediction(String id, String status, String extra) {
    return "{\"id\":\""
        + id
        + "\",\"model\":\"black-forest-labs/flux-schnell\",\"version\":\"hidden\","
        + "\"status\":\""
        + status
        + "\",\"input\":{\"prompt\":\"a red fox\"},\"logs\":\"\",\"error\":null,"
        + "\"source\":\"api\",\"created_at\":\"2025-06-01T12:00:00.123Z\","
        + "\"urls\":{\"get\":\"https://api.replicate.com/v1/predictions/"
        + id
        + "\","
        + "\"cancel\":\"https://api.replicate.com/v1/predictions/"
        + id
        + "/cancel\"}"
        + (extra == null || extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse file(String contentType, byte[] bytes) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", contentType)
        .body(new okio.Buffer().write(bytes))
        .build();
  }

  /** Signs a callback like Replicate does, with the Standard Webhooks algorithm. */
  static Map<String, String> signed(String secret, String webhookId, long timestamp, byte[] body) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig =
          mac.doFinal(
              (webhookId + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8));
      return Map.of(
          "webhook-id",
          webhookId,
          "webhook-timestamp",
          Long.toString(timestamp),
          "webhook-signature",
          "v1," + Base64.getEncoder().encodeToString(sig),
          "content-type",
          "application/json");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(OutputMedia media) {
    try (InputStream in = media.source().open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode body(RecordedRequest request) {
    try {
      return Json.mapper().readTree(request.getBody().utf8());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
