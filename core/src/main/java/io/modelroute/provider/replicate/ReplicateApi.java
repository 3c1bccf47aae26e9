package io.modelroute.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ResponseLimits;
import io.modelroute.provider.internal.RetryAfter;
import io.modelroute.provider.replicate.ReplicateErrors.Call;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP calls of the adapter over one {@link OkHttpClient}: JSON requests to the API with the
 * bearer token, and output downloads. Every failure leaves as a classified {@link
 * ProviderException}. Thread-safe.
 */
final class ReplicateApi {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** Most of an error body read for its detail. */
  private static final long MAX_ERROR_BODY = 64 * 1024;

  private static final String DELIVERY_HOST = "replicate.delivery";

  private final OkHttpClient client;
  private final HttpUrl base;
  private final String authorization;
  private final ResponseLimits limits;

  ReplicateApi(OkHttpClient client, HttpUrl base, String apiToken, ResponseLimits limits) {
    this.client = client;
    this.limits = limits;
    this.base = base;
    this.authorization = "Bearer " + apiToken;
  }

  HttpUrl base() {
    return base;
  }

  /** {@code {base}/predictions/{id}[/{more}]}. */
  HttpUrl prediction(String id, String... more) {
    HttpUrl.Builder b = base.newBuilder().addPathSegment("predictions").addPathSegment(id);
    for (String segment : more) {
      b.addPathSegment(segment);
    }
    return b.build();
  }

  /** POSTs a JSON body and returns the JSON object answered, read up to {@code maxBytes}. */
  JsonNode post(HttpUrl url, ObjectNode body, Call call, long maxBytes) {
    return call(api(url).post(RequestBody.create(Json.write(body), JSON)).build(), call, maxBytes);
  }

  /** POSTs with an empty body (cancel), ignoring the answer. */
  void postEmpty(HttpUrl url, Call call) {
    Request request = api(url).post(RequestBody.create(new byte[0], null)).build();
    try (Response response = client.newCall(request).execute()) {
      check(response, call);
    } catch (IOException e) {
      throw ReplicateErrors.forThrowable(e);
    }
  }

  /** GETs a JSON object, read up to {@code maxBytes}. */
  JsonNode get(HttpUrl url, Call call, long maxBytes) {
    return call(api(url).get().build(), call, maxBytes);
  }

  /**
   * The {@code Content-Type} a HEAD of an output URL reports; empty when the request fails (the
   * caller then falls back, a missing type must not fail a finished prediction).
   */
  Optional<String> contentType(HttpUrl url) {
    try (Response response = client.newCall(download(url).head().build()).execute()) {
      return response.isSuccessful()
          ? Optional.ofNullable(response.header("Content-Type"))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A source that streams {@code url} when opened: the engine reads it straight into its file
   * store, nothing is buffered here. A non-2xx answer fails the open with an {@link IOException}.
   */
  OutputMedia.Source source(HttpUrl url) {
    return () -> {
      Response response = client.newCall(download(url).get().build()).execute();
      if (!response.isSuccessful()) {
        int code = response.code();
        response.close();
        throw new IOException("Output download failed with HTTP " + code);
      }
      return ResponseLimits.cap(response.body().byteStream(), limits.maxMediaBytes());
    };
  }

  /**
   * Whether {@code url} is Replicate's: the API host itself or the file delivery host ({@code
   * replicate.delivery} and its subdomains). Only such URLs are downloaded, with the token; a URL
   * to anywhere else in a model's output is just a string a model wrote (a community model could
   * point it at an internal address), never fetched by the gateway.
   */
  boolean isReplicateHost(HttpUrl url) {
    String host = url.host().toLowerCase(Locale.ROOT);
    return host.equals(base.host().toLowerCase(Locale.ROOT))
        || host.equals(DELIVERY_HOST)
        || host.endsWith("." + DELIVERY_HOST);
  }

  private Request.Builder api(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .header("Accept", "application/json");
  }

  private Request.Builder download(HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url);
    return isReplicateHost(url) ? b.header("Authorization", authorization) : b;
  }

  private JsonNode call(Request request, Call call, long maxBytes) {
    try (Response response = client.newCall(request).execute()) {
      check(response, call);
      JsonNode node =
          Json.mapper().readTree(ResponseLimits.cap(response.body().byteStream(), maxBytes));
      if (node == null || !node.isObject()) {
        throw new ProviderException(
            ErrorCode.GENERATION_FAILED, "Unreadable response from the upstream provider");
      }
      return node;
    } catch (IOException e) {
      throw ReplicateErrors.forThrowable(e);
    }
  }

  private static void check(Response response, Call call) throws IOException {
    if (!response.isSuccessful()) {
      throw ReplicateErrors.forStatus(
              response.code(), response.peekBody(MAX_ERROR_BODY).string(), call)
          .withRetryAfter(RetryAfter.of(response));
    }
  }
}
