package io.modelroute.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.catalog.Category;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ResponseLimits;
import io.modelroute.provider.internal.RetryAfter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fal's queue API over HTTP: submit, status, result, cancel — each authenticated with {@code
 * Authorization: Key …} — and plain downloads of output files, which never carry the key (they live
 * on fal's CDN or wherever the model put them). Every failure leaves as a classified {@link
 * io.modelroute.provider.ProviderException}. Thread-safe.
 */
final class FalQueue {
  private static final Logger LOG = LoggerFactory.getLogger(FalQueue.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final HttpUrl base;
  private final String authorization;
  private final OkHttpClient client;
  private final ResponseLimits limits;

  FalQueue(FalConfig config, OkHttpClient client, ResponseLimits limits) {
    this.limits = limits;
    this.base = HttpUrl.get(config.queueBaseUrl().toString());
    this.authorization = "Key " + config.apiKey();
    this.client = client;
  }

  /** {@code POST {base}/{endpointId}[?fal_webhook=…]} with the JSON input. */
  JsonNode submit(String endpointId, ObjectNode input, URI webhook) {
    HttpUrl.Builder url = base.newBuilder().addPathSegments(endpointId);
    if (webhook != null) {
      url.addQueryParameter("fal_webhook", webhook.toString());
    }
    return call(
        authorized(url.build()).post(RequestBody.create(Json.write(input), JSON)).build(),
        limits.maxResponseBytes());
  }

  /** {@code GET …/requests/{id}/status?logs=1}. */
  JsonNode status(FalJobId job) {
    HttpUrl url = request(job).addPathSegment("status").addQueryParameter("logs", "1").build();
    return call(authorized(url).get().build(), limits.maxResponseBytes());
  }

  /**
   * {@code GET …/requests/{id}}: the result payload, or the request's error as an exception; read
   * up to the cap for a model of {@code category} (non-text results may inline their files).
   */
  JsonNode result(FalJobId job, Category category) {
    return call(authorized(request(job).build()).get().build(), limits.forBody(category));
  }

  /** {@code PUT …/requests/{id}/cancel}; returns fal's answer. */
  JsonNode cancel(FalJobId job) {
    HttpUrl url = request(job).addPathSegment("cancel").build();
    return call(
        authorized(url).put(RequestBody.create(new byte[0], null)).build(),
        limits.maxResponseBytes());
  }

  /** A source that streams {@code url} with a plain GET when opened (once). */
  OutputMedia.Source download(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw FalErrors.unexpected("an output file URL that is not http(s)", null);
    }
    return () -> {
      Response response = client.newCall(new Request.Builder().url(parsed).get().build()).execute();
      if (!response.isSuccessful()) {
        response.close();
        throw new IOException("Output file download answered HTTP " + response.code());
      }
      return new FilterInputStream(
          ResponseLimits.cap(response.body().byteStream(), limits.maxMediaBytes())) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            response.close();
          }
        }
      };
    };
  }

  private HttpUrl.Builder request(FalJobId job) {
    return base.newBuilder()
        .addPathSegments(job.appId())
        .addPathSegment("requests")
        .addPathSegment(job.requestId());
  }

  private Request.Builder authorized(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .header("Accept", "application/json");
  }

  private JsonNode call(Request request, long maxBytes) {
    try (Response response = client.newCall(request).execute()) {
      ResponseBody body = response.body();
      if (!response.isSuccessful()) {
        JsonNode error = errorBody(body);
        String errorType = response.header("X-Fal-Error-Type");
        // For operators: fal's own words, which client-facing messages leave out (never the key).
        LOG.warn(
            "fal {} {} answered HTTP {}{}: {}",
            request.method(),
            request.url().encodedPath(),
            response.code(),
            errorType == null ? "" : " (" + errorType + ")",
            excerpt(error));
        throw FalErrors.fromResponse(response.code(), errorType, error)
            .withRetryAfter(RetryAfter.of(response));
      }
      try (InputStream in = ResponseLimits.cap(body.byteStream(), maxBytes)) {
        return Json.mapper().readTree(in);
      }
    } catch (IOException e) {
      throw FalErrors.classify(e);
    }
  }

  private static String excerpt(JsonNode error) {
    String text = error == null ? "(no JSON body)" : error.toString();
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  /** The error body as JSON, or {@code null} when it is empty, too long or not JSON. */
  private static JsonNode errorBody(ResponseBody body) {
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(MAX_ERROR_BODY);
      return bytes.length == 0 ? null : Json.mapper().readTree(bytes);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
