package io.modelroute.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link FalWebhookKeys#jwks}: fal's JWKS document, cached. Thread-safe (one fetch at a time). */
final class JwksWebhookKeys implements FalWebhookKeys {
  static final Duration MAX_AGE = Duration.ofHours(24);
  static final Duration MIN_REFRESH = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(JwksWebhookKeys.class);
  private static final long MAX_BYTES = 64 * 1024;

  private final OkHttpClient client;
  private final URI url;
  private List<PublicKey> cached;
  private Instant fetchedAt;

  JwksWebhookKeys(OkHttpClient client, URI url) {
    this.client = client;
    this.url = url;
  }

  @Override
  public synchronized List<PublicKey> keys(Instant now, boolean refresh) throws IOException {
    boolean due =
        cached == null
            || !now.isBefore(fetchedAt.plus(MAX_AGE))
            || refresh && !now.isBefore(fetchedAt.plus(MIN_REFRESH));
    if (!due) {
      return cached;
    }
    try {
      cached = fetch();
      fetchedAt = now;
    } catch (IOException | RuntimeException e) {
      if (cached == null) {
        throw e instanceof IOException io ? io : new IOException("fal JWKS unreadable", e);
      }
      LOG.warn(
          "fal webhook keys could not be refreshed from {}; keeping the previous ones: {}",
          url,
          e.toString());
      fetchedAt = now.minus(MAX_AGE).plus(MIN_REFRESH); // try again in a few minutes
    }
    return cached;
  }

  private List<PublicKey> fetch() throws IOException {
    Request request = new Request.Builder().url(url.toString()).get().build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("fal JWKS answered HTTP " + response.code());
      }
      JsonNode doc;
      try (InputStream in = response.body().byteStream()) {
        doc = Json.mapper().readTree(in.readNBytes((int) MAX_BYTES));
      }
      List<PublicKey> keys = new ArrayList<>();
      for (JsonNode jwk : doc.path("keys")) {
        if (jwk.path("kty").asText().equals("OKP")
            && jwk.path("crv").asText().equals("Ed25519")
            && jwk.path("x").isTextual()) {
          keys.add(FalWebhookKeys.ed25519(Base64.getUrlDecoder().decode(jwk.path("x").asText())));
        }
      }
      if (keys.isEmpty()) {
        throw new IOException("fal JWKS holds no Ed25519 key");
      }
      return List.copyOf(keys);
    }
  }
}
