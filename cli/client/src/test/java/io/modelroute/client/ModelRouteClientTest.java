package io.modelroute.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.api.ErrorDetail;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRouteClientTest {
  static final String KEY = "sk_" + "ab".repeat(32) + "_0123abcd";
  static final String ACCEPTED =
      "{\"id\":\"exec_1\",\"status\":\"PENDING\",\"model\":\"flux-1.1-pro\",\"hold_amount\":\"0.048\","
          + "\"estimated_cost\":\"0.040\",\"expires_at\":\"2026-03-20T10:35:00Z\",\"created_at\":\"2026-03-20T10:30:00Z\"}";

  final MockWebServer server = new MockWebServer();
  ModelRouteClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    // one request, one response: retries have their own tests (ModelRouteClientRetryTest)
    client =
        ModelRouteClient.builder(server.url("/").toString(), KEY)
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void createExecutionSendsBearerKeyIdempotencyKeyAndJsonBody() throws Exception {
    server.enqueue(json(202, ACCEPTED));
    ObjectNode input = Json.mapper().createObjectNode().put("prompt", "a fox").put("width", 512);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("user", "u1");

    JsonNode accepted =
        client.createExecution(
            ExecutionRequest.of("flux-1.1-pro", input)
                .withMetadata(metadata)
                .withWebhookUrl("https://example.com/hook"),
            "my-key-1");

    assertThat(accepted.get("id").asText()).isEqualTo("exec_1");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/executions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("my-key-1");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(Json.readTree(request.getBody().utf8()))
        .isEqualTo(
            Json.readTree(
                "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"a fox\",\"width\":512},"
                    + "\"webhook_url\":\"https://example.com/hook\",\"metadata\":{\"user\":\"u1\"}}"));
  }

  @Test
  void createExecutionWithoutOptionalPartsSendsOnlyModelAndInput() throws Exception {
    server.enqueue(json(202, ACCEPTED));

    client.createExecution(ExecutionRequest.of("m", Json.mapper().createObjectNode()));

    assertThat(Json.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(Json.readTree("{\"model\":\"m\",\"input\":{}}"));
  }

  @Test
  void eachCreateCallGetsItsOwnGeneratedIdempotencyKey() throws Exception {
    server.enqueue(json(202, ACCEPTED));
    server.enqueue(json(202, ACCEPTED));
    ExecutionRequest request = ExecutionRequest.of("m", Json.mapper().createObjectNode());

    client.createExecution(request);
    client.createExecution(request);

    String first = server.takeRequest().getHeaders().get("Idempotency-Key");
    String second = server.takeRequest().getHeaders().get("Idempotency-Key");
    assertThat(first).isNotBlank().isNotEqualTo(second);
    assertThat(second).matches("[0-9a-f-]{36}");
  }

  @Test
  void everyRequestCarriesTheCliUserAgentAndAsksForJson() throws Exception {
    server.enqueue(json(200, "{\"id\":\"exec_1\"}"));

    client.getExecution("exec_1");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("User-Agent"))
        .isEqualTo("modelroute-client/" + ModelRouteClient.VERSION);
    assertThat(ModelRouteClient.VERSION)
        .as("the build's version, filled in")
        .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/executions/exec_1");
  }

  @Test
  void readsAndActionsUseTheirDocumentedRoutes() throws Exception {
    for (int i = 0; i < 7; i++) {
      server.enqueue(json(200, "{}"));
    }

    client.getResult("exec_1");
    client.cancelExecution("exec_1");
    client.listModels();
    client.getModel("flux-1.1-pro");
    client.getBalance();
    client.listBalanceTransactions(5, "led_9");
    client.listBalanceTransactions(null, null);

    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/executions/exec_1/result HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("POST /v1/executions/exec_1/cancel HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine()).isEqualTo("GET /v1/models HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/models/flux-1.1-pro HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine()).isEqualTo("GET /v1/balance HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/balance/transactions?limit=5&starting_after=led_9 HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/balance/transactions HTTP/1.1");
  }

  @Test
  void listExecutionsSendsOnlyTheGivenFilters() throws Exception {
    server.enqueue(json(200, "{\"data\":[],\"has_more\":false,\"next_cursor\":null}"));
    server.enqueue(json(200, "{\"data\":[],\"has_more\":false,\"next_cursor\":null}"));

    client.listExecutions(
        ExecutionQuery.all()
            .withStatus("COMPLETED")
            .withModel("flux-1.1-pro")
            .withLimit(50)
            .withStartingAfter("exec_9")
            .withCreatedAfter(Instant.parse("2026-03-20T10:00:00Z"))
            .withCreatedBefore(Instant.parse("2026-03-21T10:00:00Z"))
            .withMetadata(Map.of("user", "u1")));
    client.listExecutions(ExecutionQuery.all());

    RecordedRequest filtered = server.takeRequest();
    assertThat(filtered.getUrl().queryParameter("status")).isEqualTo("COMPLETED");
    assertThat(filtered.getUrl().queryParameter("model")).isEqualTo("flux-1.1-pro");
    assertThat(filtered.getUrl().queryParameter("limit")).isEqualTo("50");
    assertThat(filtered.getUrl().queryParameter("starting_after")).isEqualTo("exec_9");
    assertThat(filtered.getUrl().queryParameter("created_after")).isEqualTo("2026-03-20T10:00:00Z");
    assertThat(filtered.getUrl().queryParameter("created_before"))
        .isEqualTo("2026-03-21T10:00:00Z");
    assertThat(filtered.getUrl().queryParameter("metadata[user]")).isEqualTo("u1");
    assertThat(server.takeRequest().getUrl().querySize()).isZero();
  }

  @Test
  void idsAreEncodedAsOnePathSegment() throws Exception {
    server.enqueue(json(200, "{}"));

    client.getExecution("../admin");

    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/executions/..%2Fadmin");
  }

  @Test
  void aPathPrefixInTheBaseUrlIsKept() throws Exception {
    server.enqueue(json(200, "{}"));
    try (ModelRouteClient prefixed = new ModelRouteClient(server.url("/api/").toString(), KEY)) {
      prefixed.getBalance();
    }

    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/balance");
  }

  @Test
  void errorBodyBecomesAnApiExceptionWithEveryField() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .addHeader("X-Request-Id", "req_header")
            .body(
                "{\"error\":{\"code\":\"INPUT_VALIDATION_ERROR\",\"message\":\"Invalid input parameters\","
                    + "\"retryable\":false,\"request_id\":\"req_abc\",\"details\":["
                    + "{\"field\":\"input.prompt\",\"code\":\"REQUIRED\",\"message\":\"prompt is required\"},"
                    + "{\"field\":\"input.width\",\"code\":\"OUT_OF_RANGE\",\"message\":\"width must be <= 2048\"}]}}")
            .build());

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getExecution("exec_1"));

    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("INPUT_VALIDATION_ERROR");
    assertThat(e.errorCode()).contains(io.modelroute.api.ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(e.getMessage()).isEqualTo("Invalid input parameters");
    assertThat(e.retryable()).isFalse();
    assertThat(e.requestId()).contains("req_abc");
    assertThat(e.details())
        .containsExactly(
            new ErrorDetail("input.prompt", "REQUIRED", "prompt is required"),
            new ErrorDetail("input.width", "OUT_OF_RANGE", "width must be <= 2048"));
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void requestIdFallsBackToTheResponseHeader() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .addHeader("X-Request-Id", "req_header")
            .body("{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"execution not found\"}}")
            .build());

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getExecution("exec_x"));

    assertThat(e.code()).isEqualTo("NOT_FOUND");
    assertThat(e.requestId()).contains("req_header");
    assertThat(e.details()).isEmpty();
  }

  @Test
  void bodyThatIsNotTheErrorShapeBecomesHttpStatusCode() {
    server.enqueue(
        new MockResponse.Builder().code(502).body("<html><body>Bad Gateway</body></html>").build());

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getBalance());

    assertThat(e.httpStatus()).isEqualTo(502);
    assertThat(e.code()).isEqualTo("HTTP_502");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("502").contains("Bad Gateway");
    assertThat(e.errorCode()).isEmpty();
  }

  @Test
  void rateLimitedResponseCarriesRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "7")
            .body(
                "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded\",\"retryable\":true}}")
            .build());

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getBalance());

    assertThat(e.code()).isEqualTo("RATE_LIMITED");
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void unreachableServerBecomesRetryableServiceUnavailable() {
    String url = server.url("/").toString();
    server.close();

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getBalance());

    assertThat(e.httpStatus()).isZero();
    assertThat(e.code()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).startsWith("cannot reach server at " + url.replaceAll("/$", ""));
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void successfulBodyThatIsNotJsonIsReportedNotSwallowed() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>").build());

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.getBalance());

    assertThat(e.code()).isEqualTo("INVALID_RESPONSE");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void downloadStreamsTheBytesToAFileAndCountsThem(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    Arrays.fill(bytes, (byte) 7);
    bytes[0] = (byte) 0x89;
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "image/png")
            .body(new Buffer().write(bytes))
            .build());
    Path target = dir.resolve("out.png");

    long count = client.downloadFile("file_1", target);

    assertThat(count).isEqualTo(bytes.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(bytes);
    assertThat(dir.resolve("out.png.part")).doesNotExist();
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/files/file_1/download");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void downloadToAStreamWritesTheBytes() {
    server.enqueue(new MockResponse.Builder().code(200).body("hello").build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(client.downloadFile("file_1", out)).isEqualTo(5);
    assertThat(out.toString()).isEqualTo("hello");
  }

  @Test
  void failedDownloadLeavesNoFileBehind(@TempDir Path dir) {
    server.enqueue(
        json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"file not found\"}}"));
    Path target = dir.resolve("out.png");

    assertThatThrownBy(() -> client.downloadFile("file_x", target))
        .isInstanceOf(ModelRouteApiException.class)
        .hasMessage("file not found");
    assertThat(target).doesNotExist();
    assertThat(dir.resolve("out.png.part")).doesNotExist();
  }

  static final String READY =
      "{\"id\":\"file_1\",\"status\":\"READY\",\"purpose\":\"INPUT\",\"content_type\":\"image/png\","
          + "\"size_bytes\":4,\"sha256\":\"ab\",\"created_at\":\"2026-03-20T10:30:00Z\",\"expires_at\":null}";

  @Test
  void requestUploadSendsPurposeAndTtlWithTheKey() throws Exception {
    server.enqueue(
        json(201, "{\"file_id\":\"file_1\",\"upload_url\":\"http://x/u\",\"expires_at\":\"t\"}"));

    JsonNode upload = client.requestUpload("UPLOAD", 30);

    assertThat(upload.get("file_id").asText()).isEqualTo("file_1");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/files/upload");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(Json.readTree(request.getBody().utf8()))
        .isEqualTo(Json.readTree("{\"purpose\":\"UPLOAD\",\"ttl_days\":30}"));
  }

  @Test
  void uploadFileRequestsAUrlPutsTheBytesWithoutTheKeyAndConfirms(@TempDir Path dir)
      throws Exception {
    byte[] bytes = new byte[2 * 1024 * 1024 + 3];
    Arrays.fill(bytes, (byte) 'x');
    Path file = dir.resolve("big.bin");
    Files.write(file, bytes);
    server.enqueue(
        json(
            201,
            "{\"file_id\":\"file_1\",\"upload_url\":\""
                + server.url("/v1/files/upload/t.1")
                + "\",\"expires_at\":\"2026-03-20T11:30:00Z\"}"));
    server.enqueue(json(200, READY));
    server.enqueue(json(200, READY));

    JsonNode ready = client.uploadFile(file, "INPUT", null);

    assertThat(ready.get("status").asText()).isEqualTo("READY");
    assertThat(Json.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(Json.readTree("{\"purpose\":\"INPUT\"}"));
    RecordedRequest put = server.takeRequest();
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getUrl().encodedPath()).isEqualTo("/v1/files/upload/t.1");
    assertThat(put.getHeaders().get("Authorization")).isNull();
    assertThat(put.getHeaders().get("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(put.getHeaders().get("Content-Length")).isEqualTo(Integer.toString(bytes.length));
    assertThat(put.getBody().toByteArray()).isEqualTo(bytes);
    RecordedRequest confirm = server.takeRequest();
    assertThat(confirm.getUrl().encodedPath()).isEqualTo("/v1/files/confirm");
    assertThat(confirm.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void aRefusedPutBecomesATypedError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.png");
    Files.write(file, new byte[] {1});
    server.enqueue(
        json(
            403,
            "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"This upload URL was already used "
                + "or has expired\",\"retryable\":false,\"request_id\":\"req_1\"}}"));

    ModelRouteApiException e =
        catchThrowableOfType(
            ModelRouteApiException.class,
            () -> client.putUpload(server.url("/v1/files/upload/t").toString(), file));

    assertThat(e.code()).isEqualTo("FORBIDDEN");
    assertThat(e.httpStatus()).isEqualTo(403);
  }

  @Test
  void uploadingAMissingFileFailsBeforeAnyRequest(@TempDir Path dir) {
    assertThatThrownBy(() -> client.uploadFile(dir.resolve("missing.png"), "INPUT", null))
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("missing.png");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void fileMetadataUrlAndDeleteUseTheirRoutes() throws Exception {
    server.enqueue(json(200, READY));
    server.enqueue(
        json(
            200,
            "{\"url\":\"http://x/d\",\"expires_at\":\"t\",\"content_type\":\"image/png\","
                + "\"size_bytes\":4}"));
    server.enqueue(json(200, "{\"id\":\"file_1\",\"deleted\":true}"));

    assertThat(client.getFile("file_1").get("sha256").asText()).isEqualTo("ab");
    assertThat(client.getFileUrl("file_1").get("url").asText()).isEqualTo("http://x/d");
    assertThat(client.deleteFile("file_1").get("deleted").asBoolean()).isTrue();

    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/files/file_1");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/files/file_1/url");
    RecordedRequest delete = server.takeRequest();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getUrl().encodedPath()).isEqualTo("/v1/files/file_1");
  }

  @Test
  void baseUrlThatIsNotHttpIsRejected() {
    assertThatThrownBy(() -> new ModelRouteClient("localhost:8080", KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localhost:8080");
  }
}
