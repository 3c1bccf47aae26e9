package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelroute.file.TestS3;
import io.modelroute.http.TestHttp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code serve} processes (child JVMs of the built jar) on one embedded PostgreSQL and one S3
 * server (S3Proxy in this JVM), started together, with clients spread over them: what one node
 * accepts, stores or changes is the cluster's, and losing a node loses nothing. {@code node-a}
 * serves HTTP only ({@code --no-workers}), so whatever it is asked runs on another node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static final String ADMIN_TOKEN = "cluster-admin-token-0123456789abcdef";
  private static final int LEASE_SECONDS = 6;

  /** The default poll interval of a node's claim loop. */
  private static final Duration POLL = Duration.ofMillis(500);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir static Path tmp;
  static EmbeddedPostgres pg;
  static String dbUrl;
  static Path catalog;
  static final List<ServerProcess> nodes = new ArrayList<>();
  static final OkHttpClient http = TestHttp.builder().callTimeout(Duration.ofSeconds(30)).build();
  static String orgKey;
  static SlowOpenAi provider;

  /**
   * Behind the {@code limited} provider, whose bulkhead is {@value #LIMITED_CONCURRENCY} for the
   * cluster.
   */
  static SlowOpenAi limited;

  static final int LIMITED_CONCURRENCY = 2;
  static String bucket;

  @BeforeAll
  static void startThreeNodesTogether() throws Exception {
    provider = new SlowOpenAi();
    limited = new SlowOpenAi();
    bucket = TestS3.newBucket();
    pg = EmbeddedPostgres.builder().start();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE cluster");
    }
    dbUrl = pg.getJdbcUrl("postgres", "cluster");
    catalog = tmp.resolve("cluster-catalog.yaml");
    try (InputStream in = ClusterIT.class.getResourceAsStream("cluster-catalog.yaml")) {
      Files.write(catalog, in.readAllBytes());
    }
    // all three at once on an empty database: migrations and the dev organization must not race
    ExecutorService starter = Executors.newFixedThreadPool(3);
    try {
      List<Future<ServerProcess>> started = new ArrayList<>();
      for (String name : List.of("node-a", "node-b", "node-c")) {
        started.add(starter.submit(() -> start(name)));
      }
      for (Future<ServerProcess> f : started) {
        nodes.add(f.get());
      }
    } finally {
      starter.shutdownNow();
    }
    JsonNode org =
        call(
            admin(node(0), "/admin/v1/organizations")
                .post(body("{\"name\":\"cluster\",\"credit\":\"100\"}")),
            201);
    orgKey = org.get("api_key").asText();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (ServerProcess n : nodes) {
      n.close();
    }
    if (pg != null) {
      pg.close();
    }
    for (SlowOpenAi fake : new SlowOpenAi[] {provider, limited}) {
      if (fake != null) {
        fake.close();
      }
    }
  }

  private static ServerProcess start(String name) throws Exception {
    Path data = Files.createDirectories(tmp.resolve(name));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--node-id",
                name,
                "--db-url",
                dbUrl,
                "--db-user",
                "postgres",
                "--db-password",
                "postgres",
                "--catalog",
                catalog.toString(),
                "--admin-token",
                ADMIN_TOKEN,
                "--lease",
                String.valueOf(LEASE_SECONDS),
                "--file-store",
                "s3://" + bucket + "/cluster",
                "--s3-endpoint",
                TestS3.endpoint().toString(),
                "--s3-path-style",
                "--max-concurrent",
                "limited=" + LIMITED_CONCURRENCY));
    if (name.equals("node-a")) {
      args.add("--no-workers");
    }
    return ServerProcess.start(
        data,
        ServerProcess.freePort(),
        args,
        List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
        Map.of(
            "OPENAI_BASE_URL",
            provider.baseUrl(),
            "OPENAI_API_KEY",
            "sk-cluster-fake",
            "OPENAI_COMPAT_LIMITED_BASE_URL",
            limited.baseUrl(),
            "OPENAI_COMPAT_LIMITED_API_KEY",
            "sk-cluster-fake",
            "AWS_ACCESS_KEY_ID",
            TestS3.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY",
            TestS3.SECRET_KEY),
        tmp.resolve(name + ".log"));
  }

  @Test
  @Order(1)
  void nodesStartedTogetherOnAnEmptyDatabaseAllServeTheSameOrganizations() throws Exception {
    for (ServerProcess n : nodes) {
      JsonNode balance = call(api(n, "/v1/balance").get(), 200);
      assertThat(balance.toString()).contains("100");
    }
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "postgres")) {
      assertThat(count(c, "SELECT COUNT(*) FROM organizations WHERE name = 'dev'"))
          .as("one dev organization however many nodes start --dev at once")
          .isEqualTo(1);
    }
  }

  @Test
  @Order(2)
  void aKeyRevokedOnOneNodeIsRefusedByEveryNodeWithinTheCacheBound() throws Exception {
    JsonNode created =
        call(api(node(0), "/v1/api-keys").post(body("{\"label\":\"short-lived\"}")), 201);
    String key = created.get("key").asText();
    for (ServerProcess n : nodes) { // every node has the key cached as valid
      call(withKey(n, "/v1/balance", key).get(), 200);
    }
    call(api(node(0), "/v1/api-keys/" + created.get("id").asText()).delete(), 200);
    long revoked = System.nanoTime();
    assertThat(status(withKey(node(0), "/v1/balance", key).get()))
        .as("on the revoking node at once")
        .isEqualTo(401);
    for (ServerProcess n : List.of(node(1), node(2))) {
      while (status(withKey(n, "/v1/balance", key).get()) != 401) {
        assertThat(Duration.ofNanos(System.nanoTime() - revoked))
            .as("revocation reaching " + n.url())
            .isLessThan(
                Duration.ofSeconds(2 + 2)); // the 2 s bound, plus slack for a loaded machine
        Thread.sleep(50); // polling another process: there is nothing in-process to wait on
      }
    }
    System.out.printf(
        "revocation refused everywhere after %d ms%n", (System.nanoTime() - revoked) / 1_000_000);
  }

  @Test
  @Order(3)
  void aFileUploadedThroughOneNodeIsUsedByAnExecutionAnotherRunsAndDownloadedThroughTheThird()
      throws Exception {
    byte[] png = png();
    JsonNode upload =
        call(api(node(0), "/v1/files/upload").post(body("{\"purpose\":\"INPUT\"}")), 201);
    String fileId = upload.get("file_id").asText();
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(upload.get("upload_url").asText())
                    .put(RequestBody.create(png, MediaType.get("image/png")))
                    .build())
            .execute()) {
      assertThat(r.code()).as(r.body().string()).isBetween(200, 204);
    }
    call(api(node(0), "/v1/files/confirm").post(body("{\"file_id\":\"" + fileId + "\"}")), 200);

    // asked through node-a, which runs nothing: a SYNC wait there answers when another node
    // finishes it
    String json =
        MAPPER
            .createObjectNode()
            .put("model", "cluster-image")
            .put("mode", "SYNC")
            .set("input", MAPPER.createObjectNode().put("prompt", "a cluster").put("image", fileId))
            .toString();
    JsonNode done = call(api(node(0), "/v1/executions").post(body(json)), 200);
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    String ranOn;
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "postgres");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT node_id FROM execution_attempts WHERE execution_id = '"
                    + done.get("id").asText()
                    + "'")) {
      assertThat(rs.next()).isTrue();
      ranOn = rs.getString(1);
    }
    assertThat(ranOn).isIn("node-b", "node-c");
    ServerProcess third = ranOn.equals("node-b") ? node(2) : node(1);
    String outputId = done.get("result").get("file_id").asText();
    try (Response in =
            http.newCall(api(third, "/v1/files/" + fileId + "/download").get().build()).execute();
        Response out =
            http.newCall(api(third, "/v1/files/" + outputId + "/download").get().build())
                .execute()) {
      assertThat(in.code()).isEqualTo(200);
      assertThat(in.body().bytes()).isEqualTo(png);
      assertThat(out.code()).isEqualTo(200);
      assertThat(out.header("Content-Type")).startsWith("image/png");
    }
    assertThat(TestS3.client().listObjectsV2(b -> b.bucket(bucket)).contents())
        .as("input and output bytes live in the bucket")
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(Files.list(tmp.resolve("node-a")).map(p -> p.getFileName().toString()))
        .as("nothing on node-a's disk")
        .doesNotContain("files");
  }

  @Test
  @Order(3)
  void aStreamingExecutionAskedThroughANodeThatRunsNothingStreamsTheOtherNodesText()
      throws Exception {
    String json =
        MAPPER
            .createObjectNode()
            .put("model", "cluster-fast")
            .put("mode", "STREAMING")
            .set("input", MAPPER.createObjectNode().put("prompt", "stream across the cluster"))
            .toString();
    List<String> events = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    try (Response r =
        http.newCall(api(node(0), "/v1/executions").post(body(json)).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      String event = null;
      for (String line : r.body().string().split("\n")) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
          events.add(event);
        } else if (line.startsWith("data: ") && "output.delta".equals(event)) {
          text.append(MAPPER.readTree(line.substring(6)).get("text").asText());
        }
      }
    }
    assertThat(events).contains("output.delta").last().isEqualTo("execution.completed");
    assertThat(text.toString())
        .as("the deltas node-b or node-c produced, relayed by node-a")
        .isNotBlank();
  }

  @Test
  @Order(4)
  void aProviderBulkheadHoldsForTheClusterNotPerNode() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(submit(node(i % 3), "cluster-limited", "bulkhead " + i));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    for (String id : ids) {
      JsonNode e = call(api(node(0), "/v1/executions/" + id).get(), 200);
      while (!e.get("status").asText().equals("COMPLETED")) {
        assertThat(e.get("status").asText()).isIn("PENDING", "PROCESSING");
        assertThat(System.nanoTime()).as("12 calls of 2 s, two at a time").isLessThan(deadline);
        Thread.sleep(100); // polling another process: there is nothing in-process to wait on
        e = call(api(node(0), "/v1/executions/" + id).get(), 200);
      }
    }
    System.out.printf(
        "bulkhead: at most %d calls in flight at the limited provider (limit %d, two worker nodes)%n",
        limited.maxInFlight.get(), LIMITED_CONCURRENCY);
    assertThat(limited.maxInFlight.get()).isEqualTo(LIMITED_CONCURRENCY);
  }

  @Test
  @Order(5)
  void aKeysRateLimitHoldsForTheClusterWithinTheStatedTolerance() throws Exception {
    String key =
        call(api(node(0), "/v1/api-keys").post(body("{\"label\":\"rate\"}")), 201)
            .get("key")
            .asText();
    int rate = 60; // serve's default --rate-limit, and --rate-burst 120
    int burst = 120;
    // at least 3 s, and on a loaded machine as long as it takes the clients to exceed the limit
    Duration run = Duration.ofSeconds(3);
    long start = System.nanoTime();
    long end = start + run.toNanos();
    long latest = start + Duration.ofSeconds(30).toNanos();
    java.util.concurrent.ConcurrentLinkedQueue<Long> accepted =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 6; t++) { // two clients per node, as fast as they can
        ServerProcess n = node(t % 3);
        running.add(
            clients.submit(
                () -> {
                  for (long now = System.nanoTime();
                      now < end || (refused.get() == 0 && now < latest);
                      now = System.nanoTime()) {
                    int code = status(withKey(n, "/v1/balance", key).get());
                    if (code == 200) {
                      accepted.add(System.nanoTime() - start);
                    } else {
                      assertThat(code).isEqualTo(429);
                      refused.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long bound = burst + Math.round((rate + rate / 5) * seconds);
    System.out.printf(
        "rate limit: %d accepted, %d refused over %.1f s across three nodes (R %d, burst %d, bound %d;"
            + " one node alone would allow %d)%n",
        accepted.size(),
        refused.get(),
        seconds,
        rate,
        burst,
        bound,
        burst + Math.round(rate * seconds));
    assertThat(refused.get()).as("the load exceeded the limit").isPositive();
    assertThat((long) accepted.size()).as("accepted across the cluster").isLessThanOrEqualTo(bound);
    if (accepted.size() + refused.get()
        >= 2 * bound) { // the clients kept the limit saturated all along
      assertThat((long) accepted.size())
          .as("the limit is not split three ways")
          .isGreaterThanOrEqualTo(Math.round(rate * seconds));
    }
  }

  @Test
  @Order(100) // last: it kills a node
  void killingTheNodeRunningABatchLosesNothingAndTheOthersFinishItWithinALease() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(submit(node(i % 3), "cluster-openai", "takeover " + i));
    }
    ServerProcess victim = node(1); // node-c survives and takes over (node-a runs no work)
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "postgres")) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (count(c, "SELECT COUNT(*) FROM executions WHERE status = 'PENDING'") > 0) {
        assertThat(System.nanoTime()).as("the batch is claimed").isLessThan(deadline);
        Thread.sleep(50);
      }
      long held =
          count(
              c,
              "SELECT COUNT(*) FROM executions WHERE claimed_by = 'node-b' AND status = 'PROCESSING'");
      assertThat(held)
          .as("node-b runs part of the batch; claimed by: " + claimedBy(c))
          .isPositive();
      victim.kill9();
      long killed = System.nanoTime();
      // one lease, two polls, and the provider's own time for the call the survivor makes again
      Duration bound =
          Duration.ofSeconds(LEASE_SECONDS).plus(POLL.multipliedBy(2)).plus(SlowOpenAi.LATENCY);
      while (count(c, "SELECT COUNT(*) FROM executions WHERE status IN ('PENDING', 'PROCESSING')")
          > 0) {
        assertThat(Duration.ofNanos(System.nanoTime() - killed))
            .as("takeover")
            .isLessThan(bound.plusSeconds(5));
        Thread.sleep(50);
      }
      Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
      System.out.printf(
          "takeover: node-b held %d executions; all finished %d ms after kill -9 (bound %d ms)%n",
          held, takeover.toMillis(), bound.toMillis());
      assertThat(
              count(
                  c,
                  "SELECT COUNT(*) FROM executions WHERE status = 'COMPLETED' AND id IN ("
                      + String.join(",", ids.stream().map(id -> "'" + id + "'").toList())
                      + ")"))
          .isEqualTo(ids.size());
      assertThat(count(c, "SELECT COUNT(*) FROM holds WHERE status = 'ACTIVE'"))
          .as("no hold left open")
          .isZero();
    }
    JsonNode check = call(admin(node(0), "/admin/v1/ledger/check").get(), 200);
    assertThat(check.get("ok").asBoolean()).as(check.toString()).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  /**
   * An OpenAI-compatible chat server that answers each request after {@link #LATENCY}, counting the
   * requests it has in flight: a synchronous provider call keeps its execution leased to the node
   * making it, which is what a dying node leaves behind.
   */
  static final class SlowOpenAi implements AutoCloseable {
    static final Duration LATENCY = Duration.ofSeconds(2);
    final MockWebServer server = new MockWebServer();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    SlowOpenAi() throws IOException {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                Thread.sleep(LATENCY.toMillis()); // the provider's own latency
                return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .body(
                        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"slow\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"done\"},"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}")
                    .build();
              } finally {
                inFlight.decrementAndGet();
              }
            }
          });
      server.start();
    }

    String baseUrl() {
      return server.url("/v1").toString();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  static byte[] png() throws IOException {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
    image.setRGB(10, 10, 0xff8800);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static ServerProcess node(int i) {
    return nodes.get(i);
  }

  static String submit(ServerProcess n, String model, String prompt) throws IOException {
    String json =
        MAPPER
            .createObjectNode()
            .put("model", model)
            .set("input", MAPPER.createObjectNode().put("prompt", prompt))
            .toString();
    return call(api(n, "/v1/executions").post(body(json)), 202).get("id").asText();
  }

  static Request.Builder api(ServerProcess n, String path) {
    return withKey(n, path, orgKey);
  }

  static Request.Builder withKey(ServerProcess n, String path, String key) {
    return new Request.Builder().url(n.url() + path).header("Authorization", "Bearer " + key);
  }

  static Request.Builder admin(ServerProcess n, String path) {
    return withKey(n, path, ADMIN_TOKEN);
  }

  static RequestBody body(String json) {
    return RequestBody.create(json, JSON);
  }

  static JsonNode call(Request.Builder request, int expected) throws IOException {
    try (Response r = http.newCall(request.build()).execute()) {
      String text = r.body().string();
      assertThat(r.code())
          .as(request.build().method() + " " + request.build().url() + ": " + text)
          .isEqualTo(expected);
      return MAPPER.readTree(text);
    }
  }

  static int status(Request.Builder request) throws IOException {
    try (Response r = http.newCall(request.build()).execute()) {
      return r.code();
    }
  }

  static String claimedBy(Connection c) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT claimed_by, status, COUNT(*) FROM executions GROUP BY claimed_by, status ORDER BY 1, 2")) {
      while (rs.next()) {
        out.append(rs.getString(1))
            .append('/')
            .append(rs.getString(2))
            .append('=')
            .append(rs.getLong(3))
            .append(' ');
      }
    }
    return out.toString().strip();
  }

  static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
