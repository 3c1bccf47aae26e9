package io.modelroute.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.FieldError;
import io.modelroute.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client for one ModelRoute server and one API key, over the HTTP API of SPEC §4–§9.
 *
 * <p>Every method makes one blocking request. A successful JSON response is returned as a Jackson
 * tree exactly as the server sent it; a non-2xx response, or a server that cannot be reached,
 * becomes a {@link ModelRouteApiException}. The client never retries: callers decide (the CLI's
 * {@code run --wait} honours {@code Retry-After}).
 *
 * <p>Thread-safe: one instance (and its one {@link OkHttpClient} connection pool) is meant to be
 * shared. {@link #close()} releases the pool's connections and threads.
 */
public final class ModelRouteClient implements AutoCloseable {
  /** The version of this client and of the {@code modelroute} command. */
  public static final String VERSION = "0.1.0";
  /** The {@code User-Agent} sent with every request. */
  public static final String USER_AGENT = "modelroute-cli/" + VERSION;
  /** How long to wait for a TCP connection by default. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How long to wait for response bytes (or to send request bytes) by default. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final HttpUrl baseUrl;
  private final String displayUrl;
  private final String apiKey;
  private final OkHttpClient http;
  private final ObjectMapper mapper = Json.mapper();

  /** A client for the server at {@code baseUrl} with the default timeouts. */
  public ModelRouteClient(String baseUrl, String apiKey) {
    this(baseUrl, apiKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
  }

  /**
   * A client for the server at {@code baseUrl} ({@code http://localhost:8080}, a path prefix is
   * kept) authenticating with {@code apiKey} ({@code sk_…}).
   *
   * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL
   */
  public ModelRouteClient(String baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    HttpUrl parsed = HttpUrl.parse(baseUrl.trim());
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
    }
    this.baseUrl = parsed;
    this.displayUrl = baseUrl.trim().replaceAll("/+$", "");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            .build();
  }

  /** The server's base URL as given. */
  public String baseUrl() {
    return displayUrl;
  }

  // ---- executions (SPEC §4) ----

  /**
   * Submits an execution ({@code POST /v1/executions}) with a freshly generated {@code
   * Idempotency-Key}; returns the {@code 202} body ({@code id, status, hold_amount, …}).
   */
  public JsonNode createExecution(ExecutionRequest request) {
    return createExecution(request, UUID.randomUUID().toString());
  }

  /**
   * Submits an execution with the given {@code Idempotency-Key}: repeating the call with the same
   * key and request returns the first response instead of creating a second execution (SPEC §6).
   */
  public JsonNode createExecution(ExecutionRequest request, String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    ObjectNode body = mapper.createObjectNode();
    body.put("model", request.model());
    body.set("input", request.input());
    if (request.webhookUrl() != null) {
      body.put("webhook_url", request.webhookUrl());
    }
    if (!request.metadata().isEmpty()) {
      ObjectNode metadata = body.putObject("metadata");
      request.metadata().forEach(metadata::put);
    }
    Request post =
        request(url("v1", "executions"))
            .header("Idempotency-Key", idempotencyKey)
            .post(jsonBody(body))
            .build();
    return send(post);
  }

  /** The full execution object ({@code GET /v1/executions/{id}}). */
  public JsonNode getExecution(String executionId) {
    return send(request(url("v1", "executions", executionId)).build());
  }

  /**
   * The result of a COMPLETED execution ({@code GET /v1/executions/{id}/result}): {@code
   * execution_id, status, output, cost, latency_ms}. Any other state answers {@code 409 CONFLICT}.
   */
  public JsonNode getResult(String executionId) {
    return send(request(url("v1", "executions", executionId, "result")).build());
  }

  /** One page of executions, newest first: {@code {data, has_more, next_cursor}}. */
  public JsonNode listExecutions(ExecutionQuery query) {
    HttpUrl.Builder url = url("v1", "executions").newBuilder();
    addQuery(url, "status", query.status());
    addQuery(url, "model", query.model());
    addQuery(url, "limit", query.limit());
    addQuery(url, "starting_after", query.startingAfter());
    addQuery(url, "created_after", query.createdAfter());
    addQuery(url, "created_before", query.createdBefore());
    query.metadata().forEach((k, v) -> url.addQueryParameter("metadata[" + k + "]", v));
    return send(request(url.build()).build());
  }

  /** Cancels a PENDING, PROCESSING or AWAITING_WEBHOOK execution; returns the execution. */
  public JsonNode cancelExecution(String executionId) {
    Request post =
        request(url("v1", "executions", executionId, "cancel"))
            .post(RequestBody.create(new byte[0], JSON))
            .build();
    return send(post);
  }

  // ---- models (SPEC §9) ----

  /** The model catalog: slug, category, description, input schema and pricing of each model. */
  public JsonNode listModels() {
    return send(request(url("v1", "models")).build());
  }

  /** One model of the catalog by slug. */
  public JsonNode getModel(String slug) {
    return send(request(url("v1", "models", slug)).build());
  }

  // ---- billing (SPEC §5) ----

  /** The organization's {@code {balance, held, available, currency}}; needs a FULL key. */
  public JsonNode getBalance() {
    return send(request(url("v1", "balance")).build());
  }

  /**
   * One page of the organization's ledger, newest first.
   *
   * @param limit page size, or {@code null} for the server default
   * @param startingAfter the cursor from the previous page, or {@code null} for the first page
   */
  public JsonNode listBalanceTransactions(Integer limit, String startingAfter) {
    HttpUrl.Builder url = url("v1", "balance", "transactions").newBuilder();
    addQuery(url, "limit", limit);
    addQuery(url, "starting_after", startingAfter);
    return send(request(url.build()).build());
  }

  // ---- files (SPEC §7) ----

  /**
   * Starts an upload ({@code POST /v1/files/upload}): returns {@code {file_id, upload_url,
   * expires_at}}; the URL takes one PUT of the raw bytes within the hour, without an API key.
   *
   * @param purpose {@code INPUT} or {@code UPLOAD}
   * @param ttlDays days to keep the file (1–365), or {@code null} for the organization's default
   */
  public JsonNode requestUpload(String purpose, Integer ttlDays) {
    ObjectNode body = mapper.createObjectNode();
    body.put("purpose", Objects.requireNonNull(purpose, "purpose"));
    if (ttlDays != null) {
      body.put("ttl_days", ttlDays);
    }
    return send(request(url("v1", "files", "upload")).post(jsonBody(body)).build());
  }

  /**
   * PUTs the bytes of {@code file} to a signed {@code uploadUrl}, streamed from disk (never read
   * into memory). The API key is not sent: the URL is its own authority. Returns the file object
   * the server answers with (READY, with the content type it detected).
   *
   * @throws IllegalArgumentException if {@code uploadUrl} is not an http(s) URL
   */
  public JsonNode putUpload(String uploadUrl, Path file) {
    HttpUrl target = HttpUrl.parse(Objects.requireNonNull(uploadUrl, "uploadUrl"));
    if (target == null) {
      throw new IllegalArgumentException("not an http(s) upload URL: " + uploadUrl);
    }
    Request put = new Request.Builder()
        .url(target)
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT)
        .put(RequestBody.create(file.toFile(), OCTET_STREAM))
        .build();
    return send(put);
  }

  /** Confirms an upload ({@code POST /v1/files/confirm}); returns the READY file object. */
  public JsonNode confirmFile(String fileId) {
    ObjectNode body = mapper.createObjectNode();
    body.put("file_id", Objects.requireNonNull(fileId, "fileId"));
    return send(request(url("v1", "files", "confirm")).post(jsonBody(body)).build());
  }

  /**
   * Uploads {@code file} the zero-trust way: requests an upload URL, PUTs the bytes streamed from
   * disk, confirms. Returns the READY file object ({@code id, content_type, size_bytes, sha256, …}).
   *
   * @throws UncheckedIOException if {@code file} is not a readable regular file
   */
  public JsonNode uploadFile(Path file, String purpose, Integer ttlDays) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UncheckedIOException(new java.io.FileNotFoundException("cannot read " + file));
    }
    JsonNode upload = requestUpload(purpose, ttlDays);
    String fileId = upload.path("file_id").asText("");
    String uploadUrl = upload.path("upload_url").asText("");
    if (fileId.isEmpty() || uploadUrl.isEmpty()) {
      throw new IllegalStateException("the server's upload response has no file_id or upload_url: " + upload);
    }
    putUpload(uploadUrl, file);
    return confirmFile(fileId);
  }

  /** A file's metadata ({@code GET /v1/files/{id}}): id, status, purpose, content_type, size_bytes, sha256, … */
  public JsonNode getFile(String fileId) {
    return send(request(url("v1", "files", fileId)).build());
  }

  /** A signed download URL valid for an hour: {@code {url, expires_at, content_type, size_bytes}}. */
  public JsonNode getFileUrl(String fileId) {
    return send(request(url("v1", "files", fileId, "url")).build());
  }

  /** Deletes a file and its bytes ({@code DELETE /v1/files/{id}}). */
  public JsonNode deleteFile(String fileId) {
    return send(request(url("v1", "files", fileId)).delete().build());
  }

  /**
   * Streams a file's bytes ({@code GET /v1/files/{id}/download}) into {@code out}, never holding
   * the whole file in memory. {@code out} is neither flushed nor closed.
   *
   * @return the number of bytes written
   * @throws UncheckedIOException if writing to {@code out} fails
   */
  public long downloadFile(String fileId, OutputStream out) {
    Request get = request(url("v1", "files", fileId, "download")).header("Accept", "*/*").build();
    try (Response response = execute(get);
        InputStream in = response.body().byteStream()) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw ModelRouteApiException.connectionLost(displayUrl, e);
        }
        if (n < 0) {
          return total;
        }
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        total += n;
      }
    } catch (IOException e) {
      // only closing the body can get here
      throw ModelRouteApiException.connectionLost(displayUrl, e);
    }
  }

  /**
   * Downloads a file to {@code target}, replacing it. The bytes go to a {@code .part} file next to
   * it first, so {@code target} never holds a partial download.
   *
   * @return the number of bytes written
   * @throws UncheckedIOException if the file cannot be written
   */
  public long downloadFile(String fileId, Path target) {
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    try {
      long bytes;
      try (OutputStream out = Files.newOutputStream(partial)) {
        bytes = downloadFile(fileId, out);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      IOException cause = e.getCause();
      throw new UncheckedIOException("cannot write " + target + ": " + cause.getMessage(), cause);
    } finally {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // best effort: the download itself already failed or succeeded
      }
    }
  }

  // ---- webhooks (SPEC §8) ----

  /**
   * Registers a webhook endpoint; the answer carries its {@code secret} ({@code whsec_…}), which
   * no later read shows. Needs a FULL key.
   */
  public JsonNode createWebhookEndpoint(WebhookEndpointFields fields) {
    Objects.requireNonNull(fields.url(), "url");
    return send(request(url("v1", "webhooks", "endpoints")).post(jsonBody(endpointBody(fields, false))).build());
  }

  /** The organization's endpoints: {@code {endpoints: [...]}}. */
  public JsonNode listWebhookEndpoints() {
    return send(request(url("v1", "webhooks", "endpoints")).build());
  }

  /** One endpoint (never its secret). */
  public JsonNode getWebhookEndpoint(String endpointId) {
    return send(request(url("v1", "webhooks", "endpoints", endpointId)).build());
  }

  /** Changes the fields set in {@code fields}; returns the endpoint. */
  public JsonNode updateWebhookEndpoint(String endpointId, WebhookEndpointFields fields) {
    return send(request(url("v1", "webhooks", "endpoints", endpointId))
        .patch(jsonBody(endpointBody(fields, true))).build());
  }

  /** Deletes an endpoint with its pending deliveries: {@code {id, deleted: true}}. */
  public JsonNode deleteWebhookEndpoint(String endpointId) {
    return send(request(url("v1", "webhooks", "endpoints", endpointId)).delete().build());
  }

  /** Queues a signed {@code webhook.test} event for the endpoint; returns the delivery. */
  public JsonNode sendTestWebhook(String endpointId) {
    return send(request(url("v1", "webhooks", "endpoints", endpointId, "test"))
        .post(RequestBody.create(new byte[0], JSON)).build());
  }

  /**
   * One page of an endpoint's deliveries, newest first: {@code {data, has_more, next_cursor}}.
   *
   * @param limit page size, or {@code null} for the server default
   * @param startingAfter the cursor from the previous page, or {@code null} for the first page
   */
  public JsonNode listWebhookDeliveries(String endpointId, Integer limit, String startingAfter) {
    HttpUrl.Builder url = url("v1", "webhooks", "endpoints", endpointId, "deliveries").newBuilder();
    addQuery(url, "limit", limit);
    addQuery(url, "starting_after", startingAfter);
    return send(request(url.build()).build());
  }

  /** One delivery with its {@code attempt_log}. */
  public JsonNode getWebhookDelivery(String endpointId, String deliveryId) {
    return send(request(url("v1", "webhooks", "endpoints", endpointId, "deliveries", deliveryId)).build());
  }

  /** Tries a delivery again now; returns it (PENDING). */
  public JsonNode retryWebhookDelivery(String endpointId, String deliveryId) {
    return send(request(url("v1", "webhooks", "endpoints", endpointId, "deliveries", deliveryId, "retry"))
        .post(RequestBody.create(new byte[0], JSON)).build());
  }

  /** The organization's default secret, which signs per-execution {@code webhook_url} deliveries: {@code {secret}}. */
  public JsonNode getWebhookSigningSecret() {
    return send(request(url("v1", "webhooks", "signing-secret")).build());
  }

  private ObjectNode endpointBody(WebhookEndpointFields fields, boolean update) {
    ObjectNode body = mapper.createObjectNode();
    if (fields.url() != null) {
      body.put("url", fields.url());
    }
    if (fields.description() != null) {
      body.put("description", fields.description());
    }
    if (fields.events() != null) {
      fields.events().forEach(body.putArray("events")::add);
    }
    if (fields.headers() != null) {
      ObjectNode headers = body.putObject("headers");
      fields.headers().forEach(headers::put);
    }
    if (update && fields.active() != null) {
      body.put("is_active", fields.active());
    }
    return body;
  }

  /** Releases the connection pool; the client must not be used afterwards. */
  @Override
  public void close() {
    http.connectionPool().evictAll();
    http.dispatcher().executorService().shutdown();
  }

  // ---- plumbing ----

  private HttpUrl url(String... segments) {
    HttpUrl.Builder builder = baseUrl.newBuilder();
    for (String segment : segments) {
      builder.addPathSegment(Objects.requireNonNull(segment, "path segment"));
    }
    return builder.build();
  }

  private static void addQuery(HttpUrl.Builder url, String name, Object value) {
    if (value != null) {
      url.addQueryParameter(name, value.toString());
    }
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
  }

  private RequestBody jsonBody(JsonNode node) {
    try {
      return RequestBody.create(mapper.writeValueAsBytes(node), JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode send(Request request) {
    String text;
    int status;
    try (Response response = execute(request)) {
      status = response.code();
      text = response.body().string();
    } catch (IOException e) {
      throw ModelRouteApiException.connectionLost(displayUrl, e);
    }
    try {
      return text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
    } catch (IOException e) {
      throw new ModelRouteApiException(
          status,
          "INVALID_RESPONSE",
          "server at " + displayUrl + " answered HTTP " + status + " with a body that is not JSON",
          false,
          null,
          List.of(),
          null,
          e);
    }
  }

  /** Executes a request; a non-2xx response is closed and thrown as an exception. */
  private Response execute(Request request) {
    Response response;
    try {
      response = http.newCall(request).execute();
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

  private ModelRouteApiException error(Response response) {
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
      String message = "unexpected HTTP " + status + " response" + (snippet.isEmpty() ? "" : ": " + snippet);
      return new ModelRouteApiException(
          status, "HTTP_" + status, message, defaultRetryable, requestId, List.of(), retryAfter, null);
    }
    List<FieldError> details = new ArrayList<>();
    for (JsonNode detail : error.path("details")) {
      details.add(
          new FieldError(
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
  private static Duration retryAfter(String header) {
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

  @Override
  public String toString() {
    return "ModelRouteClient{" + displayUrl + "}";
  }
}
