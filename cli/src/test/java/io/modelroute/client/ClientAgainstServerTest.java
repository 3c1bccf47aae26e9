package io.modelroute.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.api.ApiKey;
import io.modelroute.api.ApiKeyRotated;
import io.modelroute.api.Balance;
import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionAccepted;
import io.modelroute.api.ExecutionMode;
import io.modelroute.api.ExecutionResult;
import io.modelroute.api.ExecutionStatus;
import io.modelroute.api.FileInfo;
import io.modelroute.api.FilePurpose;
import io.modelroute.api.FileStatus;
import io.modelroute.api.FileUrl;
import io.modelroute.api.LedgerEntry;
import io.modelroute.api.Model;
import io.modelroute.api.ModelCategory;
import io.modelroute.api.Page;
import io.modelroute.api.Permission;
import io.modelroute.api.WebhookDelivery;
import io.modelroute.api.WebhookEndpoint;
import io.modelroute.db.internal.Dialect;
import io.modelroute.http.ModelRouteServer;
import io.modelroute.http.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed client against a real server in-process (real HTTP, real H2, the default catalog), with
 * the dispatcher driven by hand so each test decides when work happens.
 */
class ClientAgainstServerTest {
  static TestEngine engine;
  static ModelRouteServer server;
  static ModelRouteClient client;
  static final ExecutorService waiter = Executors.newCachedThreadPool();

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server = new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
    String key =
        engine
            .modelRoute
            .organizations()
            .create("client-test", Money.parse("25.00"))
            .key()
            .secret();
    client = new ModelRouteClient("http://localhost:" + server.port(), key);
  }

  @AfterAll
  static void stop() {
    waiter.shutdownNow();
    client.close();
    server.stop();
    engine.close();
  }

  /** Runs the dispatcher as the background loop would: start the work, then finish it 2 s later. */
  static void dispatch() {
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
    engine.clock.advance(Duration.ofSeconds(2));
    engine.modelRoute.dispatcher().runOnce(engine.clock.instant());
  }

  static ExecutionRequest text(String prompt) {
    return ExecutionRequest.of(
        "text-generation-standard", Json.mapper().createObjectNode().put("prompt", prompt));
  }

  @Test
  void waitForStreamsTextChunksBeforeTheTerminalEvent() throws Exception {
    String id = client.executions().create(text("a story about a lighthouse keeper")).id();
    RecordingListener listener = new RecordingListener();
    Future<Execution> done =
        waiter.submit(() -> client.executions().waitFor(id, Duration.ofSeconds(30), listener));
    assertThat(listener.firstStatus.await(10, TimeUnit.SECONDS)).isTrue();

    dispatch();

    Execution execution = done.get(10, TimeUnit.SECONDS);
    assertThat(execution.status()).isEqualTo(ExecutionStatus.COMPLETED);
    List<String> heard = listener.heard;
    assertThat(heard.get(0)).isEqualTo("PENDING");
    assertThat(heard).contains("PROCESSING").last().isEqualTo("COMPLETED");
    List<String> chunks =
        heard.stream().filter(h -> h.startsWith("+")).map(h -> h.substring(1)).toList();
    assertThat(chunks).hasSizeGreaterThan(3);
    assertThat(heard.lastIndexOf("+" + chunks.get(chunks.size() - 1)))
        .isLessThan(heard.indexOf("COMPLETED"));
    String text = client.executions().result(id).text().orElseThrow();
    assertThat(String.join("", chunks)).isEqualTo(text);
    assertThat(execution.text()).contains(text);
  }

  @Test
  void runStreamsFromTheSubmissionItself() throws Exception {
    RecordingListener listener = new RecordingListener();
    Future<Execution> done =
        waiter.submit(
            () ->
                client
                    .executions()
                    .run(text("a haiku about queues"), Duration.ofSeconds(30), listener));
    assertThat(listener.firstStatus.await(10, TimeUnit.SECONDS)).isTrue();

    dispatch();

    Execution execution = done.get(10, TimeUnit.SECONDS);
    assertThat(execution.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(execution.mode()).isEqualTo(ExecutionMode.STREAMING);
    assertThat(listener.heard).filteredOn(h -> h.startsWith("+")).isNotEmpty();
    assertThat(listener.heard).first().isEqualTo("PENDING");
  }

  @Test
  void waitForGivesUpAtTheDeadlineAndTheExecutionKeepsRunning() throws Exception {
    String id = client.executions().create(text("never dispatched")).id();
    long t0 = System.nanoTime();

    WaitTimeoutException e =
        catchThrowableOfType(
            WaitTimeoutException.class,
            () -> client.executions().waitFor(id, Duration.ofMillis(400)));

    assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(350L, 5_000L);
    assertThat(e.executionId()).contains(id);
    assertThat(e.lastStatus()).contains(ExecutionStatus.PENDING);
    assertThat(client.executions().get(id).status()).isEqualTo(ExecutionStatus.PENDING);
    client.executions().cancel(id);
  }

  @Test
  void aFinishedExecutionIsReturnedAtOnce() throws Exception {
    String id = client.executions().create(text("quick")).id();
    dispatch();

    Execution done = client.executions().waitFor(id, Duration.ofSeconds(10));

    assertThat(done.status()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(done.latencyMs()).isNotNull();
    assertThat(done.completedAt()).isNotNull();
  }

  @Test
  void typedExecutionCallsReadTheServersShapes() throws Exception {
    ObjectNode input =
        Json.mapper()
            .createObjectNode()
            .put("prompt", "a red fox")
            .put("width", 320)
            .put("height", 256);
    ExecutionAccepted accepted =
        client
            .executions()
            .create(
                ExecutionRequest.of("flux-1.1-pro", input).withMetadata(Map.of("user", "u1")),
                "typed-1");
    assertThat(accepted.status()).isEqualTo(ExecutionStatus.PENDING);
    assertThat(accepted.holdAmount()).isGreaterThan(BigDecimal.ZERO);
    assertThat(accepted.holdAmount()).isGreaterThanOrEqualTo(accepted.estimatedCost());
    assertThat(
            client
                .executions()
                .create(
                    ExecutionRequest.of("flux-1.1-pro", input).withMetadata(Map.of("user", "u1")),
                    "typed-1")
                .id())
        .isEqualTo(accepted.id());

    dispatch();
    Execution done = client.executions().waitFor(accepted.id(), Duration.ofSeconds(10));
    ExecutionResult result = client.executions().result(accepted.id());
    Page<Execution> page =
        client.executions().list(ExecutionQuery.all().withMetadata(Map.of("user", "u1")));

    assertThat(done.metadata()).containsEntry("user", "u1");
    assertThat(done.input().get("width")).isEqualTo(320);
    assertThat(done.cost()).isNotNull().isLessThanOrEqualTo(done.holdAmount());
    assertThat(done.resultFileId()).isPresent();
    assertThat(result.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("images");
              assertThat(f.fileId()).isEqualTo(done.resultFileId().orElseThrow());
              assertThat(f.width()).isEqualTo(320);
            });
    assertThat(result.cost()).isEqualByComparingTo(done.cost());
    assertThat(page.data()).extracting(Execution::id).containsExactly(accepted.id());
    assertThat(page.hasMore()).isFalse();
    assertThat(page.next()).isEmpty();

    String pending = client.executions().create(text("to cancel")).id();
    Execution cancelled = client.executions().cancel(pending);
    assertThat(cancelled.status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(client.executions().cancel(pending).status()).isEqualTo(ExecutionStatus.CANCELLED);
  }

  @Test
  void typedFileCallsRoundTripAnOutputFile(@TempDir Path dir) throws Exception {
    String id =
        client
            .executions()
            .create(
                ExecutionRequest.of(
                    "flux-1.1-pro",
                    Json.mapper()
                        .createObjectNode()
                        .put("prompt", "a boat")
                        .put("width", 256)
                        .put("height", 256)))
            .id();
    dispatch();
    String fileId =
        client.executions().waitFor(id, Duration.ofSeconds(10)).resultFileId().orElseThrow();

    FileInfo output = client.files().get(fileId);
    FileUrl url = client.files().url(fileId);
    Path png = dir.resolve("out.png");
    long bytes = client.files().download(fileId, png);
    FileInfo uploaded = client.files().upload(png);
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    client.files().download(uploaded.id(), back);
    client.files().delete(uploaded.id());

    assertThat(output.status()).isEqualTo(FileStatus.READY);
    assertThat(output.purpose()).isEqualTo(FilePurpose.OUTPUT);
    assertThat(output.contentType()).isEqualTo("image/png");
    assertThat(output.sizeBytes()).isEqualTo(bytes).isEqualTo(Files.size(png));
    assertThat(url.url()).startsWith("http");
    assertThat(url.expiresAt()).isAfter(output.createdAt());
    assertThat(uploaded.purpose()).isEqualTo(FilePurpose.INPUT);
    assertThat(uploaded.sha256()).isEqualTo(output.sha256());
    assertThat(back.toByteArray()).isEqualTo(Files.readAllBytes(png));
    assertThat(
            catchThrowableOfType(
                    ModelRouteApiException.class, () -> client.files().get(uploaded.id()))
                .code())
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void typedCatalogBillingWebhookAndKeyCallsReadTheServersShapes() {
    List<Model> models = client.models().list();
    Model flux = client.models().get("flux-1.1-pro");
    Balance balance = client.billing().balance();
    Page<LedgerEntry> ledger = client.billing().transactions(2, null);

    assertThat(models).extracting(Model::slug).contains("flux-1.1-pro", "text-generation-standard");
    assertThat(flux.category()).isEqualTo(ModelCategory.IMAGE);
    assertThat(flux.inputSchema()).containsKey("properties");
    assertThat(flux.pricing().price()).isPositive();
    assertThat(models)
        .filteredOn(m -> m.slug().equals("text-generation-standard"))
        .singleElement()
        .satisfies(m -> assertThat(m.pricing().inputPrice()).isNotNull());
    assertThat(balance.currency()).isEqualTo("USD");
    assertThat(balance.available())
        .isEqualByComparingTo(balance.balance().subtract(balance.held()));
    assertThat(ledger.data()).hasSizeLessThanOrEqualTo(2);
    assertThat(ledger.data().get(0).id()).startsWith("txn_");

    WebhookEndpoint created =
        client
            .webhooks()
            .create(
                WebhookEndpointFields.none()
                    .withUrl("http://127.0.0.1:9/hook")
                    .withEvents(List.of("execution.completed")));
    WebhookDelivery test = client.webhooks().sendTest(created.id());
    WebhookEndpoint paused =
        client.webhooks().update(created.id(), WebhookEndpointFields.none().withActive(false));
    Page<WebhookDelivery> deliveries = client.webhooks().deliveries(created.id(), null, null);

    assertThat(created.secret()).startsWith("whsec_");
    assertThat(created.active()).isTrue();
    assertThat(client.webhooks().get(created.id()).secret()).isNull();
    assertThat(client.webhooks().list()).extracting(WebhookEndpoint::id).contains(created.id());
    assertThat(paused.active()).isFalse();
    assertThat(test.eventType()).isEqualTo("webhook.test");
    assertThat(deliveries.data()).extracting(WebhookDelivery::id).contains(test.id());
    assertThat(client.webhooks().delivery(created.id(), test.id()).attemptLog()).isNotNull();
    assertThat(client.webhooks().signingSecret()).startsWith("whsec_");
    client.webhooks().delete(created.id());

    ApiKey key = client.apiKeys().create("ci", Permission.EXECUTION_ONLY);
    ApiKeyRotated rotated = client.apiKeys().rotate(key.id());
    assertThat(key.key()).startsWith("sk_").hasSize(76);
    assertThat(key.permission()).isEqualTo(Permission.EXECUTION_ONLY);
    assertThat(key.toString()).doesNotContain(key.key());
    assertThat(client.apiKeys().list()).extracting(ApiKey::id).contains(key.id());
    assertThat(rotated.newKey()).startsWith("sk_").isNotEqualTo(key.key());
    assertThat(rotated.previousKeyValidUntil()).isNotNull();
    client.apiKeys().revoke(key.id());
    assertThat(client.apiKeys().list()).extracting(ApiKey::id).doesNotContain(key.id());
  }
}
