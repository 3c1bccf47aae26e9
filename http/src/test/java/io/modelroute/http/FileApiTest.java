package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.file.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The files API of docs/files.md over a real server on a random port, as the documented curl flows
 * use it.
 */
class FileApiTest {
  static final long MAX_FILE = 3 * 1024 * 1024;
  static final String ADMIN = "admin-token-123456";
  static TestEngine engine;
  static ModelRouteServer server;
  static OkHttpClient http;
  static String base;
  static String key;
  static String orgId;
  static String strangerKey;

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2, b -> b.maxFileBytes(MAX_FILE));
    server =
        new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0).withAdminToken(ADMIN))
            .start();
    http = TestHttp.builder().callTimeout(Duration.ofSeconds(30)).build();
    base = "http://localhost:" + server.port();
    var created = engine.modelRoute.organizations().create("files-org", Money.parse("25.00"));
    key = created.key().secret();
    orgId = created.organization().id();
    strangerKey =
        engine.modelRoute.organizations().create("other-org", Money.parse("5.00")).key().secret();
  }

  @AfterAll
  static void stop() {
    server.stop();
    engine.close();
  }

  record Reply(int status, JsonNode body, Response raw, byte[] bytes) {}

  static Reply send(Request.Builder b) throws IOException {
    try (Response r = http.newCall(b.build()).execute()) {
      byte[] bytes = r.body().bytes();
      JsonNode node = null;
      String type = r.header("Content-Type");
      if (bytes.length > 0 && type != null && type.startsWith("application/json")) {
        node = Json.readTree(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      }
      return new Reply(r.code(), node, r, bytes);
    }
  }

  static Reply call(String method, String path, String json, String bearer) throws IOException {
    Request.Builder b = new Request.Builder().url(path.startsWith("http") ? path : base + path);
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    RequestBody body =
        json == null
            ? (method.equals("POST") || method.equals("PUT")
                ? RequestBody.create(new byte[0])
                : null)
            : RequestBody.create(json, MediaType.get("application/json"));
    return send(b.method(method, body));
  }

  static Reply put(String url, byte[] bytes, String contentType) throws IOException {
    return send(
        new Request.Builder()
            .url(url)
            .put(
                RequestBody.create(
                    bytes, contentType == null ? null : MediaType.get(contentType))));
  }

  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.body().at("/error/code").asText()).isEqualTo(code);
    assertThat(r.body().at("/error/request_id").asText()).startsWith("req_");
    assertThat(r.body().at("/error/retryable").isBoolean()).isTrue();
  }

  static String detail(Reply r) {
    return r.body().at("/error/details/0/field").asText()
        + ":"
        + r.body().at("/error/details/0/code").asText();
  }

  /** The newer flow: POST upload, PUT the bytes, confirm. Returns the file id. */
  static String upload(byte[] bytes, String bearer) throws IOException {
    Reply requested = call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\"}", bearer);
    assertThat(requested.status()).isEqualTo(201);
    Reply put = put(requested.body().get("upload_url").asText(), bytes, "application/octet-stream");
    assertThat(put.status()).as(String.valueOf(put.body())).isEqualTo(200);
    return requested.body().get("file_id").asText();
  }

  static long filesOnDisk() throws IOException {
    try (Stream<Path> s = Files.walk(engine.dataDir.resolve("files"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void theNewerZeroTrustFlowWorksAsDocumented() throws Exception {
    Reply requested = call("POST", "/v1/files/upload", "{\"purpose\": \"INPUT\"}", key);
    assertThat(requested.status()).isEqualTo(201);
    assertThat(requested.body().fieldNames())
        .toIterable()
        .containsExactly("file_id", "upload_url", "expires_at");
    String fileId = requested.body().get("file_id").asText();
    assertThat(fileId).matches("file_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    String uploadUrl = requested.body().get("upload_url").asText();
    assertThat(uploadUrl).startsWith(base + "/v1/files/upload/" + fileId + ".");
    assertThat(requested.body().get("expires_at").asText()).endsWith("Z");

    // curl -X PUT "<upload_url>" --data-binary @photo.png  (no API key; curl's default type)
    byte[] png = TestFiles.png();
    Reply put = put(uploadUrl, png, "application/x-www-form-urlencoded");
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.body().get("status").asText()).isEqualTo("READY");
    assertThat(put.body().get("content_type").asText()).isEqualTo("image/png");
    assertThat(put.raw().header("X-RateLimit-Limit")).isNotNull();

    Reply confirmed = call("POST", "/v1/files/confirm", "{\"file_id\": \"" + fileId + "\"}", key);
    assertThat(confirmed.status()).isEqualTo(200);
    JsonNode file = call("GET", "/v1/files/" + fileId, null, key).body();
    assertThat(file.fieldNames())
        .toIterable()
        .containsExactly(
            "id",
            "status",
            "purpose",
            "content_type",
            "size_bytes",
            "sha256",
            "created_at",
            "expires_at");
    assertThat(file.get("status").asText()).isEqualTo("READY");
    assertThat(file.get("purpose").asText()).isEqualTo("INPUT");
    assertThat(file.get("size_bytes").asLong()).isEqualTo(png.length);
    assertThat(file.get("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)));
    assertThat(file.toString()).doesNotContain("photo").doesNotContain(engine.dataDir.toString());

    Reply exec =
        call(
            "POST",
            "/v1/executions",
            "{\"model\":\"seedance-video\",\"input\":{\"prompt\":\"pan\","
                + "\"source_image\":\""
                + fileId
                + "\"}}",
            key);
    assertThat(exec.status()).as(String.valueOf(exec.body())).isEqualTo(202);
  }

  @Test
  void theOlderDeclaredMetadataFlowIsAcceptedButNothingDeclaredIsTrusted() throws Exception {
    Reply requested =
        call(
            "POST",
            "/v1/files/upload",
            "{\"filename\": \"input-photo.png\", \"content_type\": \"image/png\", \"size_bytes\": 2048576}",
            key);
    assertThat(requested.status()).isEqualTo(201);
    String fileId = requested.body().get("file_id").asText();
    // curl -X PUT "<upload_url>" -H "Content-Type: image/png" --data-binary @input-photo.png — but
    // it is text
    Reply put = put(requested.body().get("upload_url").asText(), TestFiles.text(), "image/png");
    assertThat(put.body().get("content_type").asText()).isEqualTo("text/plain");
    assertThat(put.body().get("size_bytes").asLong()).isEqualTo(TestFiles.text().length);
    assertThat(put.body().get("purpose").asText()).isEqualTo("INPUT");
    assertThat(put.body().toString()).doesNotContain("input-photo");

    Reply refused =
        call(
            "POST",
            "/v1/executions",
            "{\"model\": \"flux-1.1-pro\", \"input\": {\"prompt\": "
                + "\"Transform this photo into an oil painting\", \"image\": \""
                + fileId
                + "\"}}",
            key);
    assertError(refused, 400, "FILE_FORMAT_UNSUPPORTED");
    assertThat(detail(refused)).isEqualTo("input.image:INVALID_VALUE");

    String realPng = upload(TestFiles.png(), key);
    Reply accepted =
        call(
            "POST",
            "/v1/executions",
            "{\"model\": \"flux-1.1-pro\", \"input\": {\"prompt\": "
                + "\"Transform this photo into an oil painting\", \"image\": \""
                + realPng
                + "\"}}",
            key);
    assertThat(accepted.status()).isEqualTo(202);
  }

  @Test
  void aPngSentAsOctetStreamIsReportedAsPng() throws Exception {
    String id = upload(TestFiles.png(), key);
    assertThat(call("GET", "/v1/files/" + id, null, key).body().get("content_type").asText())
        .isEqualTo("image/png");
  }

  @Test
  void downloadsStreamWithEtagAndRangeAndSignedUrlsNeedNoKey() throws Exception {
    byte[] text = "0123456789abcdefghij\n".repeat(200).getBytes();
    String id = upload(text, key);
    Reply whole =
        send(
            new Request.Builder()
                .url(base + "/v1/files/" + id + "/download")
                .header("Authorization", "Bearer " + key)
                .header("Accept-Encoding", "gzip"));
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.raw().header("Content-Type")).startsWith("text/plain");
    assertThat(whole.raw().header("Content-Encoding")).isNull();
    assertThat(whole.raw().header("Content-Length")).isEqualTo(Integer.toString(text.length));
    assertThat(whole.raw().header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(whole.bytes()).isEqualTo(text);
    String etag = whole.raw().header("ETag");
    assertThat(
            send(new Request.Builder()
                    .url(base + "/v1/files/" + id + "/download")
                    .header("Authorization", "Bearer " + key)
                    .header("If-None-Match", etag))
                .status())
        .isEqualTo(304);
    Reply part =
        send(
            new Request.Builder()
                .url(base + "/v1/files/" + id + "/download")
                .header("Authorization", "Bearer " + key)
                .header("Range", "bytes=10-19"));
    assertThat(part.status()).isEqualTo(206);
    assertThat(new String(part.bytes())).isEqualTo("abcdefghij");
    assertThat(part.raw().header("Content-Range")).isEqualTo("bytes 10-19/" + text.length);
    assertError(
        send(
            new Request.Builder()
                .url(base + "/v1/files/" + id + "/download")
                .header("Authorization", "Bearer " + key)
                .header("Range", "bytes=" + text.length + "-")),
        400,
        "INPUT_VALIDATION_ERROR");
    assertError(
        send(
            new Request.Builder()
                .url(base + "/v1/files/" + id + "/download")
                .header("Authorization", "Bearer " + key)
                .header("Range", "bytes=99999999999999999999-")),
        400,
        "INPUT_VALIDATION_ERROR");

    Reply url = call("GET", "/v1/files/" + id + "/url", null, key);
    assertThat(url.status()).isEqualTo(200);
    assertThat(url.body().fieldNames())
        .toIterable()
        .containsExactly("url", "expires_at", "content_type", "size_bytes");
    assertThat(url.body().get("content_type").asText()).isEqualTo("text/plain");
    assertThat(url.body().get("size_bytes").asLong()).isEqualTo(text.length);
    String signed = url.body().get("url").asText();
    assertThat(signed).startsWith(base + "/v1/files/download/" + id + ".");
    Reply anonymous = send(new Request.Builder().url(signed));
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(anonymous.bytes()).isEqualTo(text);
    assertThat(anonymous.raw().header("ETag")).isEqualTo(etag);
    Reply anonymousPart = send(new Request.Builder().url(signed).header("Range", "bytes=-5"));
    assertThat(anonymousPart.status()).isEqualTo(206);
    assertThat(anonymousPart.bytes()).hasSize(5);
    assertError(
        send(new Request.Builder().url(signed.substring(0, signed.length() - 2) + "xx")),
        403,
        "FORBIDDEN");

    Reply deleted = call("DELETE", "/v1/files/" + id, null, key);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().get("deleted").asBoolean()).isTrue();
    assertError(call("GET", "/v1/files/" + id, null, key), 404, "NOT_FOUND");
    assertError(send(new Request.Builder().url(signed)), 404, "NOT_FOUND");
  }

  @Test
  void anotherOrganizationsKeyGets404OnEveryFileRoute() throws Exception {
    String id = upload(TestFiles.png(), key);
    String pending =
        call("POST", "/v1/files/upload", "{\"purpose\":\"UPLOAD\"}", key)
            .body()
            .get("file_id")
            .asText();
    for (String fileId : new String[] {id, pending}) {
      assertError(call("GET", "/v1/files/" + fileId, null, strangerKey), 404, "NOT_FOUND");
      assertError(
          call("GET", "/v1/files/" + fileId + "/download", null, strangerKey), 404, "NOT_FOUND");
      assertError(call("GET", "/v1/files/" + fileId + "/url", null, strangerKey), 404, "NOT_FOUND");
      assertError(
          call("POST", "/v1/files/confirm", "{\"file_id\":\"" + fileId + "\"}", strangerKey),
          404,
          "NOT_FOUND");
      assertError(call("DELETE", "/v1/files/" + fileId, null, strangerKey), 404, "NOT_FOUND");
    }
    Reply exec =
        call(
            "POST",
            "/v1/executions",
            "{\"model\":\"seedance-video\",\"input\":{\"prompt\":\"x\","
                + "\"source_image\":\""
                + id
                + "\"}}",
            strangerKey);
    assertError(exec, 400, "FILE_NOT_FOUND");
    // and the same answers as for an id that never existed
    String none = "file_00000000-0000-0000-0000-000000000000";
    assertThat(
            call("GET", "/v1/files/" + none, null, strangerKey)
                .body()
                .at("/error/message")
                .asText())
        .isEqualTo(
            call("GET", "/v1/files/" + id, null, strangerKey).body().at("/error/message").asText());
    assertThat(call("GET", "/v1/files/" + id, null, key).status()).isEqualTo(200);
  }

  @Test
  void theFileListPagesThroughTheOrganizationsOwnFilesNewestFirst() throws Exception {
    var created = engine.modelRoute.organizations().create("list-org", Money.parse("1.00"));
    String own = created.key().secret();
    String limited =
        engine
            .modelRoute
            .apiKeys()
            .create(
                created.organization().id(), "app", io.modelroute.auth.Permission.EXECUTION_ONLY)
            .secret();
    java.util.List<String> uploaded = new java.util.ArrayList<>();
    uploaded.add(upload(TestFiles.png(), own));
    engine.clock.advance(Duration.ofMillis(10));
    uploaded.add(upload(TestFiles.text(), own));
    engine.clock.advance(Duration.ofMillis(10));
    uploaded.add(
        call("POST", "/v1/files/upload", "{\"purpose\":\"UPLOAD\"}", own)
            .body()
            .get("file_id")
            .asText());
    String foreign = upload(TestFiles.png(), strangerKey);

    Reply first = call("GET", "/v1/files?limit=2", null, own);
    assertThat(first.status()).isEqualTo(200);
    assertThat(ids(first)).containsExactly(uploaded.get(2), uploaded.get(1));
    assertThat(first.body().get("has_more").asBoolean()).isTrue();
    assertThat(first.body().get("next_cursor").asText()).isEqualTo(uploaded.get(1));
    assertThat(first.body().at("/data/0/status").asText()).isEqualTo("PENDING_UPLOAD");
    assertThat(first.body().at("/data/1/content_type").asText()).isEqualTo("text/plain");
    Reply second = call("GET", "/v1/files?limit=2&starting_after=" + uploaded.get(1), null, own);
    assertThat(ids(second)).containsExactly(uploaded.get(0));
    assertThat(second.body().get("has_more").asBoolean()).isFalse();
    assertThat(second.body().get("next_cursor").isNull()).isTrue();

    assertThat(ids(call("GET", "/v1/files?status=READY", null, own)))
        .containsExactly(uploaded.get(1), uploaded.get(0));
    assertThat(ids(call("GET", "/v1/files?purpose=UPLOAD", null, own)))
        .containsExactly(uploaded.get(2));
    // an EXECUTION_ONLY key lists files too; another organization's files are never listed
    assertThat(ids(call("GET", "/v1/files", null, limited)))
        .containsExactly(uploaded.get(2), uploaded.get(1), uploaded.get(0));
    assertThat(ids(call("GET", "/v1/files?limit=100", null, strangerKey)))
        .contains(foreign)
        .doesNotContainAnyElementsOf(uploaded);
  }

  @Test
  void badFileListRequestsGetTheErrorShape() throws Exception {
    String foreign = upload(TestFiles.png(), strangerKey);
    for (String cursor :
        new String[] {foreign, "file_00000000-0000-0000-0000-000000000000", "nonsense"}) {
      Reply r = call("GET", "/v1/files?starting_after=" + cursor, null, key);
      assertError(r, 400, "INPUT_VALIDATION_ERROR");
      assertThat(detail(r)).isEqualTo("starting_after:INVALID_VALUE");
    }
    assertThat(detail(call("GET", "/v1/files?status=DONE", null, key)))
        .isEqualTo("status:INVALID_VALUE");
    assertThat(detail(call("GET", "/v1/files?purpose=input", null, key)))
        .isEqualTo("purpose:INVALID_VALUE");
    assertThat(detail(call("GET", "/v1/files?limit=0", null, key))).isEqualTo("limit:OUT_OF_RANGE");
    assertThat(detail(call("GET", "/v1/files?limit=101", null, key)))
        .isEqualTo("limit:OUT_OF_RANGE");
    assertThat(detail(call("GET", "/v1/files?limit=ten", null, key)))
        .isEqualTo("limit:INVALID_TYPE");
    assertError(call("GET", "/v1/files", null, null), 401, "UNAUTHORIZED");
  }

  static java.util.List<String> ids(Reply r) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    r.body().get("data").forEach(f -> ids.add(f.get("id").asText()));
    return ids;
  }

  @Test
  void anOversizedUploadIsRefusedWith413AndLeavesNoBytesOnDisk() throws Exception {
    long before = filesOnDisk();
    Reply requested = call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\"}", key);
    String url = requested.body().get("upload_url").asText();
    // with a Content-Length: refused before a byte is read
    assertError(
        put(url, new byte[(int) (2 * MAX_FILE)], "application/octet-stream"),
        413,
        "PAYLOAD_TOO_LARGE");
    // streamed without a length (chunked): refused once the count passes the limit
    Reply chunked =
        send(
            new Request.Builder()
                .url(url)
                .put(
                    new RequestBody() {
                      @Override
                      public MediaType contentType() {
                        return MediaType.get("application/octet-stream");
                      }

                      @Override
                      public void writeTo(BufferedSink sink) throws IOException {
                        byte[] chunk = new byte[64 * 1024];
                        for (int i = 0; i < 2 * MAX_FILE / chunk.length; i++) {
                          sink.write(chunk);
                        }
                      }
                    }));
    assertError(chunked, 413, "PAYLOAD_TOO_LARGE");
    assertThat(filesOnDisk()).isEqualTo(before);
    try (Stream<Path> tmp = Files.list(engine.dataDir.resolve("files").resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
    assertError(
        call(
            "POST",
            "/v1/files/upload",
            "{\"purpose\":\"INPUT\",\"size_bytes\":" + 2 * MAX_FILE + "}",
            key),
        400,
        "INPUT_VALIDATION_ERROR");
    // a failed PUT does not use the URL up
    assertThat(put(url, new byte[(int) MAX_FILE], "application/octet-stream").status())
        .isEqualTo(200);
  }

  @Test
  void badFileRequestsGetTheErrorShapeAndNeverA500() throws Exception {
    Reply unknownPurpose = call("POST", "/v1/files/upload", "{\"purpose\":\"OUTPUT\"}", key);
    assertError(unknownPurpose, 400, "INPUT_VALIDATION_ERROR");
    assertThat(detail(unknownPurpose)).isEqualTo("purpose:INVALID_VALUE");
    assertThat(detail(call("POST", "/v1/files/upload", "{\"purpose\":\"input\"}", key)))
        .isEqualTo("purpose:INVALID_VALUE");
    assertThat(detail(call("POST", "/v1/files/upload", "{}", key))).isEqualTo("purpose:REQUIRED");
    assertThat(
            detail(call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\",\"ttl_days\":0}", key)))
        .isEqualTo("ttl_days:OUT_OF_RANGE");
    assertThat(
            detail(
                call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\",\"ttl_days\":400}", key)))
        .isEqualTo("ttl_days:OUT_OF_RANGE");
    assertThat(
            detail(
                call(
                    "POST", "/v1/files/upload", "{\"purpose\":\"INPUT\",\"ttl_days\":\"7\"}", key)))
        .isEqualTo("ttl_days:INVALID_TYPE");
    assertThat(
            detail(
                call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\",\"ttl_days\":1.5}", key)))
        .isEqualTo("ttl_days:INVALID_TYPE");
    assertThat(
            detail(
                call(
                    "POST",
                    "/v1/files/upload",
                    "{\"purpose\":\"INPUT\",\"ttl_days\":99999999999}",
                    key)))
        .isEqualTo("ttl_days:OUT_OF_RANGE");
    assertThat(
            detail(
                call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\",\"region\":\"EU\"}", key)))
        .isEqualTo("region:UNKNOWN_FIELD");
    assertThat(detail(call("POST", "/v1/files/upload", "{\"filename\":7}", key)))
        .isEqualTo("filename:INVALID_TYPE");
    assertThat(
            detail(
                call(
                    "POST", "/v1/files/upload", "{\"filename\":\"a.png\",\"size_bytes\":-1}", key)))
        .isEqualTo("size_bytes:OUT_OF_RANGE");
    assertThat(
            detail(
                call(
                    "POST",
                    "/v1/files/upload",
                    "{\"filename\":\"a.png\",\"size_bytes\":1e400}",
                    key)))
        .isEqualTo("size_bytes:INVALID_TYPE");
    assertError(call("POST", "/v1/files/upload", "[1]", key), 400, "INPUT_VALIDATION_ERROR");
    assertError(
        call("POST", "/v1/files/upload", "{\"purpose\":", key), 400, "INPUT_VALIDATION_ERROR");
    assertError(call("POST", "/v1/files/upload", null, key), 415, "UNSUPPORTED_MEDIA_TYPE");
    assertError(
        call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\"}", null), 401, "UNAUTHORIZED");

    assertThat(detail(call("POST", "/v1/files/confirm", "{}", key))).isEqualTo("file_id:REQUIRED");
    assertThat(detail(call("POST", "/v1/files/confirm", "{\"file_id\":5}", key)))
        .isEqualTo("file_id:INVALID_TYPE");
    assertError(call("POST", "/v1/files/confirm", "{\"file_id\":\"nope\"}", key), 404, "NOT_FOUND");
    String pending =
        call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\"}", key)
            .body()
            .get("file_id")
            .asText();
    assertError(
        call("POST", "/v1/files/confirm", "{\"file_id\":\"" + pending + "\"}", key),
        409,
        "CONFLICT");
    assertError(call("GET", "/v1/files/" + pending + "/download", null, key), 409, "CONFLICT");
    assertError(call("GET", "/v1/files/" + pending + "/url", null, key), 409, "CONFLICT");
    assertError(call("GET", "/v1/files/not-an-id", null, key), 404, "NOT_FOUND");

    Reply requested = call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\"}", key);
    String url = requested.body().get("upload_url").asText();
    assertError(put(url, new byte[0], null), 400, "INPUT_VALIDATION_ERROR");
    assertError(
        put(url.substring(0, url.length() - 3) + "abc", TestFiles.png(), null), 403, "FORBIDDEN");
    assertError(
        put(base + "/v1/files/upload/not-a-token", TestFiles.png(), null), 403, "FORBIDDEN");
    assertError(
        put(base + "/v1/files/upload/" + "%2e%2e%2f".repeat(100), TestFiles.png(), null),
        403,
        "FORBIDDEN");
    assertThat(put(url, TestFiles.png(), null).status()).isEqualTo(200);
    assertError(put(url, TestFiles.png(), null), 403, "FORBIDDEN");
    assertError(call("GET", url, null, null), 405, "METHOD_NOT_ALLOWED");
    assertError(call("GET", "/v1/files/download/garbage", null, null), 403, "FORBIDDEN");
    assertError(
        call("DELETE", "/v1/files/download/garbage", null, null), 405, "METHOD_NOT_ALLOWED");
    assertError(call("PUT", "/v1/files/upload/", null, null), 405, "METHOD_NOT_ALLOWED");
  }

  @Test
  void anUploadUrlExpiresAfterAnHour() throws Exception {
    String url =
        call("POST", "/v1/files/upload", "{\"purpose\":\"INPUT\"}", key)
            .body()
            .get("upload_url")
            .asText();
    engine.clock.advance(Duration.ofMinutes(61));
    Reply late = put(url, TestFiles.png(), null);
    assertError(late, 403, "FORBIDDEN");
    assertThat(late.body().at("/error/message").asText()).contains("expired");
  }

  @Test
  void operatorsReadTheAuditTrailAndSetTheDefaultRetention() throws Exception {
    String id = upload(TestFiles.png(), key);
    call("GET", "/v1/files/" + id + "/url", null, key);
    Reply trail = call("GET", "/admin/v1/files/audit?file=" + id, null, ADMIN);
    assertThat(trail.status()).isEqualTo(200);
    assertThat(trail.body().get("data").findValuesAsText("action"))
        .containsExactly("DOWNLOAD_URL_ISSUED", "UPLOADED", "UPLOAD_URL_ISSUED");
    JsonNode first = trail.body().at("/data/2");
    assertThat(first.get("api_key_id").asText()).startsWith("key_");
    assertThat(first.get("client_ip").asText())
        .isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1]");
    assertThat(first.get("organization_id").asText()).isEqualTo(orgId);
    Reply page = call("GET", "/admin/v1/files/audit?org=" + orgId + "&limit=1", null, ADMIN);
    assertThat(page.body().get("data")).hasSize(1);
    assertThat(page.body().get("has_more").asBoolean()).isTrue();
    assertError(call("GET", "/admin/v1/files/audit", null, ADMIN), 400, "INPUT_VALIDATION_ERROR");
    assertError(
        call("GET", "/admin/v1/files/audit?org=" + orgId + "&before=x", null, ADMIN),
        400,
        "INPUT_VALIDATION_ERROR");
    assertError(call("GET", "/admin/v1/files/audit?org=" + orgId, null, key), 401, "UNAUTHORIZED");

    Reply ttl = call("PATCH", "/admin/v1/organizations/" + orgId, "{\"file_ttl_days\": 30}", ADMIN);
    assertThat(ttl.status()).isEqualTo(200);
    assertThat(ttl.body().get("file_ttl_days").asInt()).isEqualTo(30);
    String kept = upload(TestFiles.png(), key);
    assertThat(call("GET", "/v1/files/" + kept, null, key).body().get("expires_at").isTextual())
        .isTrue();
    assertError(
        call("PATCH", "/admin/v1/organizations/" + orgId, "{\"file_ttl_days\": 0}", ADMIN),
        400,
        "INPUT_VALIDATION_ERROR");
    assertError(
        call("PATCH", "/admin/v1/organizations/" + orgId, "{\"file_ttl_days\": \"30\"}", ADMIN),
        400,
        "INPUT_VALIDATION_ERROR");
    assertError(
        call("PATCH", "/admin/v1/organizations/org_00000000", "{\"file_ttl_days\": 3}", ADMIN),
        404,
        "NOT_FOUND");
    Reply off =
        call("PATCH", "/admin/v1/organizations/" + orgId, "{\"file_ttl_days\": null}", ADMIN);
    assertThat(off.body().get("file_ttl_days").isNull()).isTrue();
  }

  @Test
  void signedUrlTokensAreKeptOutOfLogs() {
    String id = "file_f47ac10b-58cc-4372-a567-0e02b2c3d479";
    assertThat(
            FileRoutes.loggable(
                "/v1/files/upload/" + id + ".1774006200.key_0123456789abcdef.c2lnbmF0dXJl"))
        .isEqualTo("/v1/files/upload/" + id + ".<redacted>");
    assertThat(FileRoutes.loggable("/v1/files/download/" + id + ".1.-.sig"))
        .isEqualTo("/v1/files/download/" + id + ".<redacted>");
    assertThat(FileRoutes.loggable("/v1/files/download/garbage"))
        .isEqualTo("/v1/files/download/.<redacted>");
    assertThat(FileRoutes.loggable("/v1/files/" + id)).isEqualTo("/v1/files/" + id);
  }
}
