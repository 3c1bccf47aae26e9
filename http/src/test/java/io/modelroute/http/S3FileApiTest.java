package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.file.FileService;
import io.modelroute.file.S3FileStore;
import io.modelroute.file.TestS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Uploads and downloads over HTTP with the bytes in a real S3 server (S3Proxy in this JVM, its
 * shaded Jetty 11 beside Javalin's Jetty 12).
 */
class S3FileApiTest {
  final OkHttpClient http = TestHttp.builder().callTimeout(Duration.ofSeconds(60)).build();

  record Reply(int status, Response raw, byte[] bytes) {
    JsonNode json() {
      return Json.readTree(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  Reply send(Request.Builder b) throws IOException {
    try (Response r = http.newCall(b.build()).execute()) {
      return new Reply(r.code(), r, r.body().bytes());
    }
  }

  @Test
  void aFileUploadedThroughTheServerLandsInTheBucketAndDownloadsWholeAndByRange() throws Exception {
    S3FileStore store = TestS3.newStore();
    try (TestEngine engine =
        TestEngine.withDefaultCatalog(
            Dialect.H2, b -> b.fileStore(store).maxFileBytes(20L * 1024 * 1024))) {
      ModelRouteServer server =
          new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
      try {
        String base = "http://localhost:" + server.port();
        var created = engine.modelRoute.organizations().create("s3-org", Money.parse("5.00"));
        String auth = "Bearer " + created.key().secret();
        byte[] bytes = new byte[9 * 1024 * 1024 + 5];
        new Random(42).nextBytes(bytes);

        Reply requested =
            send(
                new Request.Builder()
                    .url(base + "/v1/files/upload")
                    .header("Authorization", auth)
                    .post(
                        RequestBody.create(
                            "{\"purpose\":\"INPUT\"}", MediaType.get("application/json"))));
        assertThat(requested.status()).isEqualTo(201);
        String fileId = requested.json().get("file_id").asText();
        Reply put =
            send(
                new Request.Builder()
                    .url(requested.json().get("upload_url").asText())
                    .put(RequestBody.create(bytes, MediaType.get("application/octet-stream"))));
        assertThat(put.status()).as(new String(put.bytes(), StandardCharsets.UTF_8)).isEqualTo(200);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(put.json().get("sha256").asText()).isEqualTo(sha);
        assertThat(TestS3.keys(store))
            .containsExactly("mr/files/" + created.organization().id() + "/" + fileId);

        String download = base + "/v1/files/" + fileId + "/download";
        Reply whole = send(new Request.Builder().url(download).header("Authorization", auth));
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.raw().header("ETag")).isEqualTo("\"" + sha + "\"");
        assertThat(whole.bytes()).isEqualTo(bytes);

        Reply range =
            send(
                new Request.Builder()
                    .url(download)
                    .header("Authorization", auth)
                    .header("Range", "bytes=8388600-8388615"));
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.raw().header("Content-Range"))
            .isEqualTo("bytes 8388600-8388615/" + bytes.length);
        assertThat(range.bytes()).isEqualTo(Arrays.copyOfRange(bytes, 8_388_600, 8_388_616));

        // the signed download URL is ModelRoute's own, never the bucket's
        Reply url =
            send(
                new Request.Builder()
                    .url(base + "/v1/files/" + fileId + "/url")
                    .header("Authorization", auth));
        assertThat(url.status()).isEqualTo(200);
        String signed = url.json().get("url").asText();
        assertThat(signed)
            .startsWith(base + FileService.DOWNLOAD_PATH)
            .doesNotContain(TestS3.endpoint().toString())
            .doesNotContain(store.settings().bucket());
        Reply tail = send(new Request.Builder().url(signed).header("Range", "bytes=-5"));
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.bytes())
            .isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length));

        Reply deleted =
            send(
                new Request.Builder()
                    .url(base + "/v1/files/" + fileId)
                    .header("Authorization", auth)
                    .delete());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(TestS3.keys(store)).isEmpty();
      } finally {
        server.stop();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }
}
