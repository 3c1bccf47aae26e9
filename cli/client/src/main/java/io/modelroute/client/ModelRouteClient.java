package io.modelroute.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.api.FileConfirmRequest;
import io.modelroute.api.WebhookEndpointCreateRequest;
import io.modelroute.api.WebhookEndpointUpdateRequest;
import io.modelroute.api.WebhookRecoveryRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client for one ModelRoute server and one API key, over the HTTP API of docs/http-api.md.
 *
 * <p>Two layers over the same connection pool. The typed API — {@link #executions()}, {@link
 * #files()}, {@link #models()}, {@link #billing()}, {@link #webhooks()}, {@link #apiKeys()} — takes
 * and returns records ({@link io.modelroute.api.Execution}, {@link io.modelroute.api.Page}, {@link
 * io.modelroute.api.Balance}, …) and follows executions to their end ({@link
 * ExecutionsApi#waitFor}). The JSON methods on this class return each response body as a Jackson
 * tree exactly as the server sent it (what the CLI prints).
 *
 * <p>Every failure — an error response or a server that cannot be reached — is a {@link
 * ModelRouteApiException}. Requests that are safe to repeat (reads, creating an execution, which
 * always carries an {@code Idempotency-Key}, cancel and confirm) are retried on retryable errors as
 * the {@link RetryPolicy} says, honouring {@code Retry-After}; nothing else is ever repeated.
 *
 * <p>Thread-safe: one instance (and its one {@link OkHttpClient} connection pool) is meant to be
 * shared. {@link #close()} releases the pool's connections and threads. To share an {@code
 * OkHttpClient} the application already has (its pool, interceptors, proxy, TLS), pass it to {@link
 * Builder#httpClient}; {@link #close()} then leaves it running.
 */
public final class ModelRouteClient implements AutoCloseable {
  /** The version of this client and of the {@code modelroute} command, as the build wrote it. */
  public static final String VERSION = buildVersion();

  /** The {@code User-Agent} sent with every request. */
  public static final String USER_AGENT = "modelroute-client/" + VERSION;

  /** How long to wait for a TCP connection by default. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** How long to wait for response bytes (or to send request bytes) by default. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How the client waits between retries and polls; tests substitute one that only advances a
   * clock.
   */
  @FunctionalInterface
  public interface Sleeper {
    /** The real thing: blocks the calling thread. */
    Sleeper SYSTEM = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

    /** Blocks for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Transport transport;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final ObjectMapper mapper = ClientJson.mapper();
  private final ExecutionsApi executions;
  private final FilesApi files;
  private final ModelsApi models;
  private final BillingApi billing;
  private final WebhooksApi webhooks;
  private final ApiKeysApi apiKeys;

  /** A client for the server at {@code baseUrl} with the default timeouts and retries. */
  public ModelRouteClient(String baseUrl, String apiKey) {
    this(builder(baseUrl, apiKey));
  }

  /**
   * A client for the server at {@code baseUrl} ({@code http://localhost:8080}, a path prefix is
   * kept) authenticating with {@code apiKey} ({@code sk_…}), with the default retries.
   *
   * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL
   */
  public ModelRouteClient(
      String baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout) {
    this(builder(baseUrl, apiKey).connectTimeout(connectTimeout).readTimeout(readTimeout));
  }

  private ModelRouteClient(Builder b) {
    HttpUrl parsed = HttpUrl.parse(b.baseUrl.trim());
    if (parsed == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + b.baseUrl);
    }
    this.ownsHttp = b.httpClient == null;
    OkHttpClient.Builder http = ownsHttp ? new OkHttpClient.Builder() : b.httpClient.newBuilder();
    if (ownsHttp || b.connectTimeout != null) {
      http.connectTimeout(b.connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : b.connectTimeout);
    }
    if (ownsHttp || b.readTimeout != null) {
      Duration read = b.readTimeout == null ? DEFAULT_READ_TIMEOUT : b.readTimeout;
      http.readTimeout(read).writeTimeout(read);
    }
    this.http = http.build();
    this.transport =
        new Transport(
            parsed,
            b.baseUrl.trim().replaceAll("/+$", ""),
            b.apiKey,
            this.http,
            b.retryPolicy,
            b.clock,
            b.sleeper);
    this.executions = new ExecutionsApi(this, transport);
    this.files = new FilesApi(this, transport);
    this.models = new ModelsApi(this, transport);
    this.billing = new BillingApi(this, transport);
    this.webhooks = new WebhooksApi(this, transport);
    this.apiKeys = new ApiKeysApi(transport);
  }

  /**
   * Starts configuring a client for the server at {@code baseUrl} authenticating with {@code
   * apiKey}; {@link Builder#build()} checks the URL.
   */
  public static Builder builder(String baseUrl, String apiKey) {
    return new Builder(baseUrl, apiKey);
  }

  /** Options of a {@link ModelRouteClient}; every one has a default. Not thread-safe. */
  public static final class Builder {
    private final String baseUrl;
    private final String apiKey;
    private Duration connectTimeout;
    private Duration readTimeout;
    private OkHttpClient httpClient;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder(String baseUrl, String apiKey) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    /** How long to wait for a TCP connection (default 10 s). */
    public Builder connectTimeout(Duration v) {
      this.connectTimeout = Objects.requireNonNull(v, "connectTimeout");
      return this;
    }

    /**
     * How long to wait for response bytes or to send request bytes (default 60 s). Event streams
     * use at least 45 s: the server sends a keep-alive every 15 s.
     */
    public Builder readTimeout(Duration v) {
      this.readTimeout = Objects.requireNonNull(v, "readTimeout");
      return this;
    }

    /**
     * Sends every request through the caller's {@code OkHttpClient} — its connection pool,
     * dispatcher, interceptors, proxy, TLS and event listener settings — instead of one the client
     * creates. The client derives its own view with {@link OkHttpClient#newBuilder()} (sharing the
     * pool and threads), so the given instance is never changed; its timeouts are kept unless
     * {@link #connectTimeout} or {@link #readTimeout} are set here too. {@link
     * ModelRouteClient#close()} then leaves the pool and threads alone: they belong to the caller.
     *
     * <pre>{@code
     * OkHttpClient okHttp = new OkHttpClient.Builder().addInterceptor(myLogging).build();
     * ModelRouteClient client = ModelRouteClient.builder("https://api.example.com", apiKey)
     *     .httpClient(okHttp)
     *     .build();
     * }</pre>
     */
    public Builder httpClient(OkHttpClient v) {
      this.httpClient = Objects.requireNonNull(v, "httpClient");
      return this;
    }

    /** When to repeat a failed request (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy v) {
      this.retryPolicy = Objects.requireNonNull(v, "retryPolicy");
      return this;
    }

    /**
     * The clock deadlines of {@link ExecutionsApi#waitFor} are measured on (default the system UTC
     * clock).
     */
    public Builder clock(Clock v) {
      this.clock = Objects.requireNonNull(v, "clock");
      return this;
    }

    /** How to wait between retries and polls (default {@link Sleeper#SYSTEM}). */
    public Builder sleeper(Sleeper v) {
      this.sleeper = Objects.requireNonNull(v, "sleeper");
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalArgumentException if the base URL is not an http or https URL
     */
    public ModelRouteClient build() {
      return new ModelRouteClient(this);
    }
  }

  /**
   * The OkHttp client requests go through (the caller's, with this client's timeouts applied, when
   * one was given).
   */
  OkHttpClient httpClient() {
    return http;
  }

  /** The server's base URL as given. */
  public String baseUrl() {
    return transport.displayUrl;
  }

  /**
   * Executions, typed: create, read, list, cancel, {@link ExecutionsApi#waitFor wait for}, run
   * (docs/concepts.md).
   */
  public ExecutionsApi executions() {
    return executions;
  }

  /** Files, typed: upload, read, signed URLs, download, delete (docs/files.md). */
  public FilesApi files() {
    return files;
  }

  /** The model catalog, typed (docs/providers.md). */
  public ModelsApi models() {
    return models;
  }

  /** Balance and ledger, typed (docs/concepts.md). */
  public BillingApi billing() {
    return billing;
  }

  /** Webhook endpoints and deliveries, typed (docs/webhooks.md). */
  public WebhooksApi webhooks() {
    return webhooks;
  }

  /** API key management, typed (docs/http-api.md). */
  public ApiKeysApi apiKeys() {
    return apiKeys;
  }

  // ---- executions (docs/concepts.md) ----

  /**
   * Submits an execution ({@code POST /v1/executions}) with a freshly generated {@code
   * Idempotency-Key}; returns the {@code 202} body ({@code id, status, hold_amount, …}). A retry
   * after a retryable failure reuses the key, so it never creates a second execution.
   */
  public JsonNode createExecution(ExecutionRequest request) {
    return createExecution(request, UUID.randomUUID().toString());
  }

  /**
   * Submits an execution with the given {@code Idempotency-Key}: repeating the call with the same
   * key and request returns the first response instead of creating a second execution
   * (docs/concepts.md).
   */
  public JsonNode createExecution(ExecutionRequest request, String idempotencyKey) {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Request post =
        request(url("v1", "executions"))
            .header("Idempotency-Key", idempotencyKey)
            .post(jsonBody(request.toJson()))
            .build();
    return sendRepeatable(post);
  }

  /** The full execution object ({@code GET /v1/executions/{id}}). */
  public JsonNode getExecution(String executionId) {
    return sendRepeatable(request(url("v1", "executions", executionId)).build());
  }

  /**
   * The result of a COMPLETED execution ({@code GET /v1/executions/{id}/result}): {@code
   * execution_id, status, output, cost, latency_ms}. Any other state answers {@code 409 CONFLICT}.
   */
  public JsonNode getResult(String executionId) {
    return sendRepeatable(request(url("v1", "executions", executionId, "result")).build());
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
    return sendRepeatable(request(url.build()).build());
  }

  /**
   * Cancels a PENDING, PROCESSING or AWAITING_WEBHOOK execution; returns the execution. Cancelling
   * is idempotent (an already CANCELLED execution answers 200), so a failed attempt is retried.
   */
  public JsonNode cancelExecution(String executionId) {
    Request post =
        request(url("v1", "executions", executionId, "cancel")).post(Transport.emptyJson()).build();
    return sendRepeatable(post);
  }

  // ---- models (docs/providers.md) ----

  /** The model catalog: slug, category, description, input schema and pricing of each model. */
  public JsonNode listModels() {
    return sendRepeatable(request(url("v1", "models")).build());
  }

  /** One model of the catalog by slug. */
  public JsonNode getModel(String slug) {
    return sendRepeatable(request(url("v1", "models", slug)).build());
  }

  // ---- billing (docs/concepts.md) ----

  /** The organization's {@code {balance, held, available, currency}}; needs a FULL key. */
  public JsonNode getBalance() {
    return sendRepeatable(request(url("v1", "balance")).build());
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
    return sendRepeatable(request(url.build()).build());
  }

  // ---- files (docs/files.md) ----

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
    Request put =
        new Request.Builder()
            .url(target)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT)
            .put(RequestBody.create(file.toFile(), Transport.OCTET_STREAM))
            .build();
    return send(put);
  }

  /**
   * Confirms an upload ({@code POST /v1/files/confirm}); returns the READY file object. Confirming
   * a READY file is a no-op, so a failed attempt is retried.
   */
  public JsonNode confirmFile(String fileId) {
    FileConfirmRequest body = new FileConfirmRequest(Objects.requireNonNull(fileId, "fileId"));
    return sendRepeatable(request(url("v1", "files", "confirm")).post(jsonBody(body)).build());
  }

  /**
   * Uploads {@code file} the zero-trust way: requests an upload URL, PUTs the bytes streamed from
   * disk, confirms. Returns the READY file object ({@code id, content_type, size_bytes, sha256,
   * …}).
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
      throw new IllegalStateException(
          "the server's upload response has no file_id or upload_url: " + upload);
    }
    putUpload(uploadUrl, file);
    return confirmFile(fileId);
  }

  /**
   * One page of the organization's files, newest first ({@code GET /v1/files}): {@code {data,
   * has_more, next_cursor}}.
   *
   * @param status {@code PENDING_UPLOAD} or {@code READY}, or {@code null} for both
   * @param purpose {@code INPUT}, {@code UPLOAD} or {@code OUTPUT}, or {@code null} for all
   * @param limit page size, or {@code null} for the server default
   * @param startingAfter the cursor from the previous page, or {@code null} for the first page
   */
  public JsonNode listFiles(String status, String purpose, Integer limit, String startingAfter) {
    HttpUrl.Builder url = url("v1", "files").newBuilder();
    addQuery(url, "status", status);
    addQuery(url, "purpose", purpose);
    addQuery(url, "limit", limit);
    addQuery(url, "starting_after", startingAfter);
    return sendRepeatable(request(url.build()).build());
  }

  /**
   * A file's metadata ({@code GET /v1/files/{id}}): id, status, purpose, content_type, size_bytes,
   * sha256, …
   */
  public JsonNode getFile(String fileId) {
    return sendRepeatable(request(url("v1", "files", fileId)).build());
  }

  /**
   * A signed download URL valid for an hour: {@code {url, expires_at, content_type, size_bytes}}.
   */
  public JsonNode getFileUrl(String fileId) {
    return sendRepeatable(request(url("v1", "files", fileId, "url")).build());
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
    try (Response response = transport.open(get, true);
        InputStream in = response.body().byteStream()) {
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw ModelRouteApiException.connectionLost(transport.displayUrl, e);
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
      throw ModelRouteApiException.connectionLost(transport.displayUrl, e);
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

  // ---- webhooks (docs/webhooks.md) ----

  /**
   * Registers a webhook endpoint; the answer carries its {@code secret} ({@code whsec_…}), which no
   * later read shows. Needs a FULL key.
   */
  public JsonNode createWebhookEndpoint(WebhookEndpointFields fields) {
    Objects.requireNonNull(fields.url(), "url");
    WebhookEndpointCreateRequest body =
        new WebhookEndpointCreateRequest(
            fields.url(), fields.description(), fields.events(), fields.headers());
    return send(request(url("v1", "webhooks", "endpoints")).post(jsonBody(body)).build());
  }

  /** The organization's endpoints: {@code {endpoints: [...]}}. */
  public JsonNode listWebhookEndpoints() {
    return sendRepeatable(request(url("v1", "webhooks", "endpoints")).build());
  }

  /** One endpoint (never its secret). */
  public JsonNode getWebhookEndpoint(String endpointId) {
    return sendRepeatable(request(url("v1", "webhooks", "endpoints", endpointId)).build());
  }

  /** Changes the fields set in {@code fields}; returns the endpoint. */
  public JsonNode updateWebhookEndpoint(String endpointId, WebhookEndpointFields fields) {
    return send(
        request(url("v1", "webhooks", "endpoints", endpointId))
            .patch(
                jsonBody(
                    new WebhookEndpointUpdateRequest(
                        fields.url(),
                        fields.description(),
                        fields.events(),
                        fields.headers(),
                        fields.active())))
            .build());
  }

  /** Deletes an endpoint with its pending deliveries: {@code {id, deleted: true}}. */
  public JsonNode deleteWebhookEndpoint(String endpointId) {
    return send(request(url("v1", "webhooks", "endpoints", endpointId)).delete().build());
  }

  /** Queues a signed {@code webhook.test} event for the endpoint; returns the delivery. */
  public JsonNode sendTestWebhook(String endpointId) {
    return send(
        request(url("v1", "webhooks", "endpoints", endpointId, "test"))
            .post(Transport.emptyJson())
            .build());
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
    return sendRepeatable(request(url.build()).build());
  }

  /** One delivery with its {@code attempt_log}. */
  public JsonNode getWebhookDelivery(String endpointId, String deliveryId) {
    return sendRepeatable(
        request(url("v1", "webhooks", "endpoints", endpointId, "deliveries", deliveryId)).build());
  }

  /** Tries a delivery again now; returns it (PENDING). */
  public JsonNode retryWebhookDelivery(String endpointId, String deliveryId) {
    return send(
        request(url("v1", "webhooks", "endpoints", endpointId, "deliveries", deliveryId, "retry"))
            .post(Transport.emptyJson())
            .build());
  }

  /**
   * Re-queues the endpoint's failed and expired deliveries of events since {@code since}: {@code
   * {endpoint_id, since, recovered}}. Safe to repeat (a delivery already re-queued is not FAILED
   * any more), so it is retried like a read.
   */
  public JsonNode recoverWebhookDeliveries(String endpointId, java.time.Instant since) {
    WebhookRecoveryRequest body =
        new WebhookRecoveryRequest(Objects.requireNonNull(since, "since"));
    return sendRepeatable(
        request(url("v1", "webhooks", "endpoints", endpointId, "recover"))
            .post(jsonBody(body))
            .build());
  }

  /**
   * The organization's default secret, which signs per-execution {@code webhook_url} deliveries:
   * {@code {secret}}.
   */
  public JsonNode getWebhookSigningSecret() {
    return sendRepeatable(request(url("v1", "webhooks", "signing-secret")).build());
  }

  /**
   * Releases the connection pool's connections and the dispatcher's threads — unless the {@code
   * OkHttpClient} came from {@link Builder#httpClient}: the caller owns those and closes them.
   */
  @Override
  public void close() {
    if (ownsHttp) {
      http.connectionPool().evictAll();
      http.dispatcher().executorService().shutdown();
    }
  }

  // ---- plumbing ----

  private HttpUrl url(String... segments) {
    return transport.url(segments);
  }

  private static void addQuery(HttpUrl.Builder url, String name, Object value) {
    if (value != null) {
      url.addQueryParameter(name, value.toString());
    }
  }

  private Request.Builder request(HttpUrl url) {
    return transport.request(url);
  }

  private RequestBody jsonBody(Object body) {
    return transport.json(body);
  }

  /** Sends a request that must not be repeated (it has an effect a repeat would double). */
  private JsonNode send(Request request) {
    return transport.send(request, false);
  }

  /** Sends a request that is safe to repeat: retried on retryable failures. */
  private JsonNode sendRepeatable(Request request) {
    return transport.send(request, true);
  }

  @Override
  public String toString() {
    return "ModelRouteClient{" + transport.displayUrl + "}";
  }

  /** The version in {@code modelroute-client.properties}, filled in by the build. */
  private static String buildVersion() {
    try (InputStream in =
        ModelRouteClient.class.getResourceAsStream("modelroute-client.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
