package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.provider.replicate.ReplicateConfig;
import io.modelroute.provider.replicate.ReplicateProvider;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route through the Replicate adapter against a MockWebServer speaking Replicate's protocol: the
 * prediction is created with our signed callback URL, the callback completes it (once), and a lost
 * callback is made up for by polling.
 */
class ProviderCallbackTest {
  static final MediaType JSON = MediaType.get("application/json");
  final MockWebServer replicate = new MockWebServer();
  final List<RecordedRequest> created = new CopyOnWriteArrayList<>();
  final AtomicInteger predictions = new AtomicInteger();
  final OkHttpClient http = TestHttp.builder().build();
  TestEngine engine;
  ModelRouteServer server;
  String base;
  String key;
  byte[] png;

  @BeforeEach
  void start() throws Exception {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    png = bytes.toByteArray();
    replicate.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (request.getMethod().equals("POST") && path.equals("/v1/predictions")) {
              created.add(request);
              String id = "p" + predictions.incrementAndGet();
              return new MockResponse.Builder()
                  .code(201)
                  .body("{\"id\":\"" + id + "\",\"status\":\"starting\",\"input\":{}}")
                  .build();
            }
            if (request.getMethod().equals("GET") && path.startsWith("/v1/predictions/")) {
              String id = path.substring("/v1/predictions/".length());
              return new MockResponse.Builder().body(succeeded(id)).build();
            }
            if (path.equals("/files/out.png")) {
              return new MockResponse.Builder()
                  .addHeader("Content-Type", "image/png")
                  .body(new Buffer().write(png))
                  .build();
            }
            return new MockResponse.Builder().code(404).body("{\"detail\":\"not found\"}").build();
          }
        });
    replicate.start();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    URI publicUrl = URI.create("http://127.0.0.1:" + port);
    Path catalog = Path.of(getClass().getResource("/replicate-catalog.yaml").toURI());
    engine =
        TestEngine.withDefaultCatalog(
            Dialect.H2,
            b -> b.catalogFile(catalog).publicUrl(publicUrl),
            new ReplicateProvider(
                ReplicateConfig.of("r8_test")
                    .withBaseUrl(URI.create(replicate.url("/v1").toString()))));
    server = new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(port)).start();
    base = "http://127.0.0.1:" + port;
    key = engine.modelRoute.organizations().create("acme", Money.parse("1.00")).key().secret();
  }

  String succeeded(String id) {
    return "{\"id\":\""
        + id
        + "\",\"status\":\"succeeded\",\"output\":[\""
        + replicate.url("/files/out.png")
        + "\"],"
        + "\"metrics\":{\"predict_time\":1.2}}";
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    engine.close();
    replicate.close();
  }

  String submit() throws Exception {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(base + "/v1/executions")
                    .header("Authorization", "Bearer " + key)
                    .post(
                        RequestBody.create(
                            "{\"model\":\"remote-image\",\"input\":{\"prompt\":\"a fox\"}}", JSON))
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(202);
      return Json.readTree(r.body().string()).get("id").asText();
    }
  }

  int post(String url, String body) throws Exception {
    try (Response r =
        http.newCall(new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build())
            .execute()) {
      return r.code();
    }
  }

  @Test
  void theProviderCallsBackOnASignedUrlAndTheExecutionCompletesAndIsChargedOnce() throws Exception {
    String id = submit();
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    var e =
        engine
            .modelRoute
            .executions()
            .get(engine.modelRoute.apiKeys().authenticate(key).orgId(), id);
    assertThat(e.status()).isEqualTo(ExecutionStatus.AWAITING_WEBHOOK);
    JsonNode sent = Json.readTree(created.get(0).getBody().utf8());
    assertThat(sent.at("/version").asText()).isEqualTo("0123456789abcdef");
    assertThat(sent.at("/input/prompt").asText()).isEqualTo("a fox");
    assertThat(created.get(0).getHeaders().get("Authorization")).isEqualTo("Bearer r8_test");
    String webhook = sent.get("webhook").asText();
    assertThat(webhook).startsWith(base + "/v1/providers/replicate/callback/");

    assertThat(post(webhook, succeeded("p1"))).isEqualTo(200);
    String org = e.orgId();
    var done = engine.modelRoute.executions().get(org, id);
    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(done.cost()).isEqualTo(Money.parse("0.050"));
    String fileId = done.output().at("/images/0/file_id").asText();
    try (var in =
        engine.modelRoute.files().open(engine.modelRoute.files().require(org, fileId), 0)) {
      assertThat(in.readAllBytes()).isEqualTo(png);
    }
    // the same callback again: acknowledged, ignored, not charged twice
    assertThat(post(webhook, succeeded("p1"))).isEqualTo(200);
    assertThat(engine.modelRoute.billing().balance(org).balance()).isEqualTo(Money.parse("0.950"));
    assertThat(engine.modelRoute.billing().invariantViolations()).isEmpty();
    // a token that is not ours
    assertThat(post(webhook.substring(0, webhook.length() - 3) + "abc", succeeded("p1")))
        .isEqualTo(403);
  }

  @Test
  void aLostCallbackIsMadeUpForByPolling() throws Exception {
    String id = submit();
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    String org = engine.modelRoute.apiKeys().authenticate(key).orgId();
    assertThat(engine.modelRoute.executions().get(org, id).status())
        .isEqualTo(ExecutionStatus.AWAITING_WEBHOOK);
    engine.clock.advance(Duration.ofSeconds(6));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    assertThat(engine.modelRoute.executions().get(org, id).status())
        .isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(replicate.getRequestCount()).isGreaterThanOrEqualTo(3);
  }
}
