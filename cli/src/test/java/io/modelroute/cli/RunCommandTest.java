package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  static final String ACCEPTED =
      "{\"id\":\"exec_1\",\"status\":\"PENDING\",\"model\":\"flux-1.1-pro\",\"hold_amount\":\"0.048\","
          + "\"estimated_cost\":\"0.040\",\"expires_at\":\"2026-03-20T10:35:00Z\",\"created_at\":\"2026-03-20T10:30:00Z\"}";
  static final String IMAGE_RESULT =
      "{\"execution_id\":\"exec_1\",\"status\":\"COMPLETED\",\"output\":{\"images\":[{\"file_id\":\"file_9\","
          + "\"format\":\"png\",\"width\":1024,\"height\":768}]},\"cost\":\"0.040\",\"latency_ms\":8420}";

  final MockWebServer server = new MockWebServer();
  Cli cli;

  @BeforeEach
  void start() throws Exception {
    server.start();
    cli = Cli.against(server.url("/").toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse status(String status) {
    return json(
        200, "{\"id\":\"exec_1\",\"status\":\"" + status + "\",\"model\":\"flux-1.1-pro\"}");
  }

  @Test
  void runWithoutWaitSendsTypedInputAndPrintsTheAcceptedBodyAsPrettyJson() throws Exception {
    server.enqueue(json(202, ACCEPTED));

    Cli.Result result =
        cli.run(
            "run",
            "flux-1.1-pro",
            "-i",
            "prompt=a red fox",
            "-i",
            "width=512",
            "-i",
            "hdr=true",
            "--metadata",
            "user=u1",
            "--idempotency-key",
            "k-1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("\"id\": \"exec_1\"").contains("\"hold_amount\": \"0.048\"");
    assertThat(Json.readTree(result.out())).isEqualTo(Json.readTree(ACCEPTED));
    assertThat(result.err()).isEmpty();
    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TestKeys.KEY);
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("k-1");
    assertThat(Json.readTree(request.getBody().utf8()))
        .isEqualTo(
            Json.readTree(
                "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"a red fox\",\"width\":512,\"hdr\":true},"
                    + "\"metadata\":{\"user\":\"u1\"}}"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /**
   * The SSE stream a STREAMING create answers with (docs/concepts.md), in the server's exact
   * format.
   */
  static MockResponse stream(String... events) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(String.join("", events))
        .build();
  }

  static String execution(String status, String result, String error) {
    return "{\"id\":\"exec_1\",\"object\":\"execution\",\"status\":\""
        + status
        + "\",\"mode\":\"STREAMING\","
        + "\"model\":\"flux-1.1-pro\",\"input\":{},\"metadata\":{},\"hold_amount\":\"0.048\","
        + "\"estimated_cost\":\"0.040\",\"cost\":null,\"result\":"
        + result
        + ",\"error\":"
        + error
        + ",\"attempts\":1,"
        + "\"latency_ms\":null,\"webhook_url\":null,\"created_at\":\"2026-03-20T10:30:00Z\",\"started_at\":null,"
        + "\"completed_at\":null,\"expires_at\":\"2026-03-20T10:35:00Z\"}";
  }

  static String state(String status) {
    return "event: execution.state\ndata: " + execution(status, "null", "null") + "\n\n";
  }

  static String event(String id, String type, String executionJson) {
    return "id: "
        + id
        + "\nevent: "
        + type
        + "\ndata: {\"id\":\""
        + id
        + "\",\"event_type\":\""
        + type
        + "\",\"type\":\""
        + type
        + "\",\"version\":\"1.0\",\"execution_id\":\"exec_1\",\"data\":"
        + executionJson
        + "}\n\n";
  }

  static String started() {
    return event("evt_1", "execution.started", execution("PROCESSING", "null", "null"));
  }

  static String completed() {
    return event(
        "evt_2", "execution.completed", execution("COMPLETED", "{\"file_id\":\"file_9\"}", "null"));
  }

  static String progress(int percent) {
    return "event: progress\ndata: {\"percent\":" + percent + "}\n\n";
  }

  static String delta(String text) {
    return "event: output.delta\ndata: {\"text\":\"" + text + "\"}\n\n";
  }

  static final String TEXT_RESULT =
      "{\"execution_id\":\"exec_1\",\"status\":\"COMPLETED\",\"output\":{\"text\":\"Bonjour, café\","
          + "\"usage\":{\"input_tokens\":3,\"output_tokens\":4}},\"cost\":\"0.001\",\"latency_ms\":10}";

  @Test
  void runWaitFollowsTheStreamAndSavesTheFirstOutputFile(@TempDir Path dir) throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2, 3};
    server.enqueue(stream(state("PENDING"), started(), progress(42), completed()));
    server.enqueue(json(200, IMAGE_RESULT));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "image/png")
            .body(new Buffer().write(png))
            .build());
    Path out = dir.resolve("out.png");

    Cli.Result result =
        cli.run("run", "flux-1.1-pro", "-i", "prompt=fox", "--wait", "-o", out.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(png);
    assertThat(Json.readTree(result.out())).isEqualTo(Json.readTree(IMAGE_RESULT));
    assertThat(result.err())
        .isEqualTo(
            "exec_1  PENDING  0s\nexec_1  PROCESSING  0s\nexec_1  COMPLETED  0s\n"
                + "saved "
                + out
                + " ("
                + png.length
                + " bytes)\n");
    RecordedRequest create = server.takeRequest();
    assertThat(create.getRequestLine()).startsWith("POST /v1/executions ");
    assertThat(create.getHeaders().get("Accept")).contains("text/event-stream");
    assertThat(Json.readTree(create.getBody().utf8()).get("mode").asText()).isEqualTo("STREAMING");
    assertThat(server.takeRequest().getRequestLine())
        .startsWith("GET /v1/executions/exec_1/result ");
    assertThat(server.takeRequest().getRequestLine()).startsWith("GET /v1/files/file_9/download ");
    assertThat(cli.time.sleeps).isEmpty();
  }

  @Test
  void outputFileImpliesWait(@TempDir Path dir) {
    server.enqueue(stream(state("PENDING"), completed()));
    server.enqueue(
        json(
            200,
            "{\"execution_id\":\"exec_1\",\"status\":\"COMPLETED\",\"output\":{\"audio\":[{\"file_id\":\"file_a\"}]}}"));
    server.enqueue(new MockResponse.Builder().code(200).body("RIFF").build());

    Cli.Result result =
        cli.run("run", "tts", "-i", "text=hi", "-o", dir.resolve("a.wav").toString());

    assertThat(result.exitCode()).isZero();
    assertThat(dir.resolve("a.wav")).hasContent("RIFF");
  }

  @Test
  void runWaitOnATextModelStreamsTheTextToStdoutOnceAndWritesItToTheFile(@TempDir Path dir) {
    server.enqueue(
        stream(state("PENDING"), started(), delta("Bonjour"), delta(", café"), completed()));
    server.enqueue(json(200, TEXT_RESULT));
    Path out = dir.resolve("answer.txt");

    Cli.Result result =
        cli.run(
            "run", "text-generation-standard", "-i", "prompt=hi", "--wait", "-o", out.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Bonjour, café\n");
    assertThat(out).hasContent("Bonjour, café");
    assertThat(result.err())
        .contains("exec_1  COMPLETED")
        .contains(
            "saved "
                + out
                + " ("
                + "Bonjour, café".getBytes(StandardCharsets.UTF_8).length
                + " bytes)");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void textTheStreamDidNotDeliverIsPrintedFromTheResult() {
    server.enqueue(stream(state("PENDING"), delta("Bon"), completed()));
    server.enqueue(json(200, TEXT_RESULT));

    Cli.Result result = cli.run("run", "text-generation-standard", "-i", "prompt=hi", "--wait");

    assertThat(result.out()).isEqualTo("Bonjour, café\n");
  }

  @Test
  void chunksLostWhileReconnectingAreReplacedByTheCompleteText() throws Exception {
    server.enqueue(stream(state("PENDING"), started(), delta("Bon")));
    server.enqueue(stream(state("PROCESSING"), delta("café"), completed()));
    server.enqueue(json(200, TEXT_RESULT));

    Cli.Result result = cli.run("run", "text-generation-standard", "-i", "prompt=hi", "--wait");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Boncafé\nBonjour, café\n");
    assertThat(result.err()).contains("the complete text follows");
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
    assertThat(server.takeRequest().getRequestLine())
        .startsWith("GET /v1/executions/exec_1/events ");
  }

  @Test
  void withJsonATextModelPrintsOnlyTheResultJson() {
    server.enqueue(stream(state("PENDING"), delta("Bonjour"), delta(", café"), completed()));
    server.enqueue(json(200, TEXT_RESULT));

    Cli.Result result =
        cli.run("run", "text-generation-standard", "-i", "prompt=hi", "--wait", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(Json.readTree(result.out())).isEqualTo(Json.readTree(TEXT_RESULT));
  }

  @Test
  void runWaitExitsSevenAndPrintsTheErrorWhenTheExecutionFails() {
    server.enqueue(
        stream(
            state("PENDING"),
            started(),
            event(
                "evt_3",
                "execution.failed",
                execution(
                    "FAILED",
                    "null",
                    "{\"code\":\"GENERATION_FAILED\",\"message\":\"provider returned no image\",\"retryable\":true}"))));

    Cli.Result result = cli.run("run", "flux-1.1-pro", "-i", "prompt=fox", "--wait");

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.err())
        .contains("error: GENERATION_FAILED: provider returned no image (execution exec_1 FAILED)");
    assertThat(result.out()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void runWaitExitsSevenWhenTheExecutionExpiresOrIsCancelled() {
    server.enqueue(
        stream(
            state("PENDING"),
            event(
                "evt_3",
                "execution.failed",
                execution(
                    "EXPIRED",
                    "null",
                    "{\"code\":\"GENERATION_TIMEOUT\",\"message\":\"timed out\",\"retryable\":true}"))));
    server.enqueue(
        stream(
            state("PENDING"),
            event("evt_4", "execution.cancelled", execution("CANCELLED", "null", "null"))));

    Cli.Result expired = cli.run("run", "m", "--wait");
    Cli.Result cancelled = cli.run("run", "m", "--wait");

    assertThat(expired.exitCode()).isEqualTo(7);
    assertThat(expired.err()).contains("error: GENERATION_TIMEOUT: timed out");
    assertThat(cancelled.exitCode()).isEqualTo(7);
    assertThat(cancelled.err()).contains("error: execution exec_1 ended CANCELLED");
  }

  @Test
  void withoutTheStreamRunWaitPollsAndHonoursRetryAfter() {
    server.enqueue(json(202, ACCEPTED)); // a server that does not stream
    server.enqueue(json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such route\"}}"));
    server.enqueue(status("PENDING"));
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "3")
            .body(
                "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Rate limit exceeded\",\"retryable\":true}}")
            .build());
    server.enqueue(status("PROCESSING"));
    server.enqueue(status("COMPLETED"));
    server.enqueue(json(200, IMAGE_RESULT));

    Cli.Result result = cli.run("run", "flux-1.1-pro", "--wait");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .containsSubsequence(
            "exec_1  PENDING  0s", "exec_1  PROCESSING  3s", "exec_1  COMPLETED  4s");
    assertThat(cli.time.sleeps)
        .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(1));
  }

  @Test
  void runWaitGivesUpAtTheTimeoutWithExitEight() {
    server.enqueue(json(202, ACCEPTED));
    server.enqueue(json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such route\"}}"));
    for (int i = 0; i < 10; i++) {
      server.enqueue(status("PROCESSING"));
    }

    Cli.Result result = cli.run("run", "flux-1.1-pro", "--wait", "--timeout", "2");

    assertThat(result.exitCode()).isEqualTo(8);
    assertThat(result.err())
        .contains("error: gave up after 2s: exec_1 is still PROCESSING")
        .contains("modelroute get exec_1");
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void runWaitStopsAndReportsWhenPollingKeepsFailing() {
    server.enqueue(json(202, ACCEPTED));
    server.enqueue(json(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such route\"}}"));
    for (int i = 0; i < 4; i++) {
      server.enqueue(
          json(
              503,
              "{\"error\":{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"down\",\"retryable\":true,\"request_id\":\"req_5\"}}"));
    }

    Cli.Result result = cli.run("run", "flux-1.1-pro", "--wait");

    assertThat(result.exitCode()).isEqualTo(8);
    assertThat(result.err()).contains("error: SERVICE_UNAVAILABLE: down (request req_5)");
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void aFileInputIsUploadedFirstAndItsReferenceIsSent(@TempDir Path dir) throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 9, 8, 7};
    Path photo = dir.resolve("photo.png");
    Files.write(photo, png);
    String file =
        "{\"id\":\"file_7\",\"status\":\"READY\",\"content_type\":\"image/png\",\"size_bytes\":11}";
    server.enqueue(
        json(
            201,
            "{\"file_id\":\"file_7\",\"upload_url\":\""
                + server.url("/v1/files/upload/tok_7")
                + "\",\"expires_at\":\"2026-03-20T11:30:00Z\"}"));
    server.enqueue(json(200, file));
    server.enqueue(json(200, file));
    server.enqueue(json(202, ACCEPTED));

    Cli.Result result =
        cli.run("run", "seedance-video", "-i", "prompt=pan", "-i", "source_image=@" + photo);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("uploaded " + photo + " as file_7 (image/png, 11 bytes)");
    RecordedRequest upload = server.takeRequest();
    assertThat(upload.getUrl().encodedPath()).isEqualTo("/v1/files/upload");
    assertThat(Json.readTree(upload.getBody().utf8()))
        .isEqualTo(Json.readTree("{\"purpose\":\"INPUT\"}"));
    RecordedRequest put = server.takeRequest();
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getUrl().encodedPath()).isEqualTo("/v1/files/upload/tok_7");
    assertThat(put.getHeaders().get("Authorization")).isNull();
    assertThat(put.getBody().toByteArray()).isEqualTo(png);
    RecordedRequest confirm = server.takeRequest();
    assertThat(confirm.getUrl().encodedPath()).isEqualTo("/v1/files/confirm");
    assertThat(Json.readTree(confirm.getBody().utf8()))
        .isEqualTo(Json.readTree("{\"file_id\":\"file_7\"}"));
    RecordedRequest create = server.takeRequest();
    assertThat(Json.readTree(create.getBody().utf8()).get("input"))
        .isEqualTo(Json.readTree("{\"prompt\":\"pan\",\"source_image\":\"file_7\"}"));
  }

  @Test
  void aMissingFileInputIsAUsageErrorAndNothingIsSent(@TempDir Path dir) {
    Cli.Result result =
        cli.run("run", "seedance-video", "-i", "source_image=@" + dir.resolve("nope.png"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("error: input 'source_image': cannot read file " + dir.resolve("nope.png"))
        .contains("Try 'modelroute run --help'");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aRefusedUploadStopsTheRunBeforeTheExecution(@TempDir Path dir) throws Exception {
    Path photo = dir.resolve("huge.png");
    Files.write(photo, new byte[10]);
    server.enqueue(
        json(
            201,
            "{\"file_id\":\"file_7\",\"upload_url\":\""
                + server.url("/v1/files/upload/tok_7")
                + "\",\"expires_at\":\"2026-03-20T11:30:00Z\"}"));
    server.enqueue(
        json(
            413,
            "{\"error\":{\"code\":\"PAYLOAD_TOO_LARGE\",\"message\":\"The file is larger than "
                + "the limit\",\"retryable\":false,\"request_id\":\"req_9\"}}"));

    Cli.Result result =
        cli.run("run", "seedance-video", "-i", "prompt=x", "-i", "source_image=@" + photo);

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err())
        .contains("error: PAYLOAD_TOO_LARGE: The file is larger than the limit (request req_9)");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void rejectedInputPrintsCodeMessageRequestIdAndDetailsAndExitsFour() {
    server.enqueue(
        json(
            400,
            "{\"error\":{\"code\":\"INPUT_VALIDATION_ERROR\",\"message\":\"Invalid input parameters\","
                + "\"retryable\":false,\"request_id\":\"req_abc\",\"details\":["
                + "{\"field\":\"input.prompt\",\"code\":\"REQUIRED\",\"message\":\"prompt is required\"}]}}"));

    Cli.Result result = cli.run("run", "flux-1.1-pro", "-i", "width=512");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err())
        .isEqualTo(
            "error: INPUT_VALIDATION_ERROR: Invalid input parameters (request req_abc)\n"
                + "  input.prompt: REQUIRED prompt is required\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void insufficientBalanceExitsFive() {
    server.enqueue(
        json(
            402,
            "{\"error\":{\"code\":\"INSUFFICIENT_BALANCE\",\"message\":\"Insufficient balance\",\"request_id\":\"req_1\"}}"));

    Cli.Result result = cli.run("run", "flux-1.1-pro", "-i", "prompt=x");

    assertThat(result.exitCode()).isEqualTo(5);
    assertThat(result.err())
        .startsWith("error: INSUFFICIENT_BALANCE: Insufficient balance (request req_1)");
  }

  @Test
  void anOutputPathInAMissingDirectoryIsAUsageErrorAndNothingIsSubmitted(@TempDir Path dir) {
    // what a server would answer if the run were (wrongly) submitted
    server.enqueue(
        stream(
            state("PENDING"),
            started(),
            event(
                "evt_3",
                "execution.failed",
                execution(
                    "FAILED",
                    "null",
                    "{\"code\":\"GENERATION_FAILED\",\"message\":\"no image\",\"retryable\":true}"))));
    Path out = dir.resolve("no-such-dir").resolve("fox.png");

    Cli.Result result =
        cli.run("run", "flux-1.1-pro", "-i", "prompt=a red fox", "-o", out.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains(out.toString()).containsIgnoringCase("cannot write");
    assertThat(server.getRequestCount()).as("nothing submitted, nothing charged").isZero();
  }

  @Test
  void anOutputPathThatIsADirectoryIsAUsageErrorAndNothingIsSubmitted(@TempDir Path dir) {
    server.enqueue(
        stream(
            state("PENDING"),
            started(),
            event(
                "evt_3",
                "execution.failed",
                execution(
                    "FAILED",
                    "null",
                    "{\"code\":\"GENERATION_FAILED\",\"message\":\"no image\",\"retryable\":true}"))));
    Cli.Result result =
        cli.run("run", "flux-1.1-pro", "-i", "prompt=a red fox", "-o", dir.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("is a directory");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aWritableOutputPathIsCheckedWithoutLeavingAFileBehind(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("fox.png");
    server.enqueue(
        stream(
            state("PENDING"),
            started(),
            event(
                "evt_3",
                "execution.failed",
                execution(
                    "FAILED",
                    "null",
                    "{\"code\":\"GENERATION_FAILED\",\"message\":\"no image\",\"retryable\":true}"))));

    Cli.Result result =
        cli.run("run", "flux-1.1-pro", "-i", "prompt=a red fox", "-o", out.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.EXECUTION_UNSUCCESSFUL);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(Files.exists(out)).as("the probe file is removed again").isFalse();
  }
}
