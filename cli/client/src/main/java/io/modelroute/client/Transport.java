package io.modelroute.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelroute.api.ErrorDetail;
import io.modelroute.api.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP plumbing under {@link ModelRouteClient}: URLs, headers, the one {@link OkHttpClient}
 * (plus a view of it with a longer read timeout for event streams, sharing its pool), error bodies
 * turned into {@link ModelRouteApiException}, retries of requests that are safe to repeat, and the
 * mapping of JSON bodies onto the client's records. Thread-safe.
 */
final class Transport {
  static final MediaType JSON = MediaType.get("application/json");
  static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  /**
   * Read timeout of an event stream: the server writes at least a keep-alive comment every 15 s, so
   * three missed ones mean the connection is dead.
   */
  static final Duration STREAM_READ_TIMEOUT = Duration.ofSeconds(45);

  private static final int MAX_ERROR_BODY = 64 * 1024;

  /**
   * Reads wire JSON ({@code hold_amount}) into records ({@code holdAmount}); ignores new fields.
   */
  private static final ObjectMapper RECORDS =
      ClientJson.mapper()
          .copy()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  final ObjectMapper mapper = ClientJson.mapper();
  final String displayUrl;
  final RetryPolicy retries;
  final Clock clock;
  final ModelRouteClient.Sleeper sleeper;
  private final HttpUrl baseUrl;
  private final String apiKey;
  private final OkHttpClient http;
  private final OkHttpClient streams;

  Transport(
      HttpUrl baseUrl,
      String displayUrl,
      String apiKey,
      OkHttpClient http,
      RetryPolicy retries,
      Clock clock,
      ModelRouteClient.Sleeper sleeper) {
    this.baseUrl = baseUrl;
    this.displayUrl = displayUrl;
    this.apiKey = apiKey;
    this.http = http;
    this.streams =
        http.newBuilder()
            .readTimeout(
                http.readTimeoutMillis() > STREAM_READ_TIMEOUT.toMillis()
                    ? Duration.ofMillis(http.readTimeoutMillis())
                    : STREAM_READ_TIMEOUT)
            .build();
    this.retries = retries;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  // ---- requests ----

  HttpUrl url(String... segments) {
    HttpUrl.Builder builder = baseUrl.newBuilder();
    for (String segment : segments) {
      builder.addPathSegment(Objects.requireNonNull(segment, "path segment"));
    }
    return builder.build();
  }

  Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json")
        .header("User-Agent", ModelRouteClient.USER_AGENT);
  }

  /**
   * {@code body} (a Jackson tree or an {@code io.modelroute.api} request record) as a JSON request
   * body.
   */
  RequestBody json(Object body) {
    try {
      return RequestBody.create(mapper.writeValueAsBytes(body), JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RequestBody emptyJson() {
    return RequestBody.create(new byte[0], JSON);
  }

  // ---- sending ----

  /**
   * Sends {@code request} and returns its JSON body; when {@code repeatable}, a retryable failure
   * is retried as {@link #retries} says.
   */
  JsonNode send(Request request, boolean repeatable) {
    return withRetries(
        repeatable,
        () -> {
          String text;
          int status;
          try (Response response = execute(request)) {
            status = response.code();
            text = response.body().string();
          } catch (IOException e) {
            throw ModelRouteApiException.connectionLost(displayUrl, e);
          }
          return parseSuccess(status, text);
        });
  }

  /**
   * Sends {@code request} and returns the open, successful response (the caller closes it); a
   * failure before the response arrives is retried when {@code repeatable}.
   */
  Response open(Request request, boolean repeatable) {
    return withRetries(repeatable, () -> execute(request));
  }

  /**
   * Opens an event stream: one attempt, on the stream client, cancelled when {@code callTimeout}
   * runs out (even in the middle of the body). The caller closes the response.
   */
  Response openStream(Request request, Duration callTimeout) {
    Call call = streams.newCall(request);
    call.timeout().timeout(Math.max(1, callTimeout.toMillis()), TimeUnit.MILLISECONDS);
    return checked(call);
  }

  /** The JSON of a 2xx body; an empty body is an empty object. */
  JsonNode parseSuccess(int status, String text) {
    try {
      return text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
    } catch (IOException e) {
      throw invalidResponse(status, "a body that is not JSON", e);
    }
  }

  ModelRouteApiException invalidResponse(int status, String what, Throwable cause) {
    return new ModelRouteApiException(
        status,
        "INVALID_RESPONSE",
        "server at " + displayUrl + " answered HTTP " + status + " with " + what,
        false,
        null,
        List.of(),
        null,
        cause);
  }

  private Response execute(Request request) {
    return checked(http.newCall(request));
  }

  /** Executes a call; a non-2xx response is closed and thrown as an exception. */
  private Response checked(Call call) {
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw ModelRouteApiException.unreachable(displayUrl, e);
    }
    if (!response.isSuccessful()) {
      try (response) {
        throw error(response);
      }
    }
    return response;
  }

  private <T> T withRetries(boolean repeatable, java.util.function.Supplier<T> attempt) {
    for (int retry = 0; ; retry++) {
      try {
        return attempt.get();
      } catch (ModelRouteApiException e) {
        Optional<Duration> delay =
            repeatable && e.retryable() && retry < retries.maxRetries()
                ? retries.delay(retry, e.retryAfter().orElse(null))
                : Optional.empty();
        if (delay.isEmpty()) {
          throw e;
        }
        try {
          sleeper.sleep(delay.get());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          e.addSuppressed(interrupted);
          throw e;
        }
      }
    }
  }

  // ---- errors ----

  ModelRouteApiException error(Response response) {
    int status = response.code();
    String text;
    try {
      text = response.peekBody(MAX_ERROR_BODY).string();
    } catch (IOException e) {
      text = "";
    }
    JsonNode error = parseOrMissing(text).path("error");
    String requestId = response.header("X-Request-Id");
    Duration retryAfter = retryAfter(response.header("Retry-After"));
    boolean defaultRetryable = status == 429 || status >= 500;
    if (!error.path("code").isTextual()) {
      String snippet = text.replaceAll("\\s+", " ").trim();
      if (snippet.length() > 200) {
        snippet = snippet.substring(0, 200) + "…";
      }
      String message =
          "unexpected HTTP " + status + " response" + (snippet.isEmpty() ? "" : ": " + snippet);
      return new ModelRouteApiException(
          status,
          "HTTP_" + status,
          message,
          defaultRetryable,
          requestId,
          List.of(),
          retryAfter,
          null);
    }
    List<ErrorDetail> details = new ArrayList<>();
    for (JsonNode detail : error.path("details")) {
      details.add(
          new ErrorDetail(
              detail.path("field").asText(""),
              detail.path("code").asText(""),
              detail.path("message").asText("")));
    }
    String bodyRequestId = error.path("request_id").asText(null);
    return new ModelRouteApiException(
        status,
        error.get("code").asText(),
        error.path("message").asText("HTTP " + status),
        error.path("retryable").isBoolean() ? error.get("retryable").asBoolean() : defaultRetryable,
        bodyRequestId != null ? bodyRequestId : requestId,
        details,
        retryAfter,
        null);
  }

  private JsonNode parseOrMissing(String text) {
    try {
      return text.isBlank() ? mapper.missingNode() : mapper.readTree(text);
    } catch (IOException | RuntimeException e) {
      return mapper.missingNode();
    }
  }

  /** {@code Retry-After} in delta-seconds; the HTTP-date form is rare enough to ignore. */
  static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---- typed bodies ----

  /** {@code node} as a {@code type}; a body of another shape is an {@code INVALID_RESPONSE}. */
  <T> T decode(JsonNode node, Class<T> type) {
    return decode(node, RECORDS.constructType(type));
  }

  /** A {@code {data, has_more, next_cursor}} body as a page of {@code type}. */
  <T> Page<T> page(JsonNode node, Class<T> type) {
    return decode(node, RECORDS.getTypeFactory().constructParametricType(Page.class, type));
  }

  /** The array {@code node.field} as a list of {@code type}. */
  <T> List<T> list(JsonNode node, String field, Class<T> type) {
    JsonNode array = node.path(field);
    if (!array.isArray()) {
      throw invalidResponse(200, "no '" + field + "' array", null);
    }
    return decode(array, RECORDS.getTypeFactory().constructCollectionType(List.class, type));
  }

  private <T> T decode(JsonNode node, JavaType type) {
    try {
      return RECORDS.treeToValue(node, type);
    } catch (IOException | IllegalArgumentException e) {
      throw invalidResponse(
          200,
          "a body that is not a "
              + type.getRawClass().getSimpleName()
              + " ("
              + e.getMessage().lines().findFirst().orElse("")
              + ")",
          e);
    }
  }
}
