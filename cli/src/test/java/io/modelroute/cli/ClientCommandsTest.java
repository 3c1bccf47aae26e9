package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCommandsTest {
  static final String EXECUTION =
      "{\"id\":\"exec_1\",\"status\":\"COMPLETED\",\"mode\":\"ASYNC\",\"model\":\"flux-1.1-pro\","
          + "\"cost\":\"0.040\",\"result\":{\"file_id\":\"file_9\",\"content_type\":\"image/png\"}}";

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

  @Test
  void missingApiKeyIsAUsageErrorThatSaysHowToSetIt() {
    cli.env.remove("MODELROUTE_API_KEY");

    Cli.Result result = cli.run("get", "exec_1");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("error: no API key: pass --api-key or set MODELROUTE_API_KEY");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void apiKeyOptionWinsOverTheEnvironment() throws Exception {
    server.enqueue(json(200, EXECUTION));

    cli.run("get", "exec_1", "--api-key", "sk_other");

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer sk_other");
  }

  @Test
  void urlOptionWinsOverTheEnvironment() throws Exception {
    cli.env.put("MODELROUTE_URL", "http://127.0.0.1:1");
    server.enqueue(json(200, EXECUTION));

    Cli.Result result = cli.run("get", "exec_1", "--url", server.url("/").toString());

    assertThat(result.exitCode()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void unreachableServerExitsEightNamingTheUrl() {
    String url = server.url("/").toString().replaceAll("/$", "");
    server.close();

    Cli.Result result = cli.run("get", "exec_1");

    assertThat(result.exitCode()).isEqualTo(8);
    assertThat(result.err())
        .startsWith("error: SERVICE_UNAVAILABLE: cannot reach server at " + url);
  }

  @Test
  void invalidUrlIsAUsageError() {
    Cli.Result result = cli.run("get", "exec_1", "--url", "localhost:8080");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("error: invalid server URL");
  }

  @Test
  void unknownKeyExitsThree() {
    server.enqueue(
        json(
            401,
            "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"Invalid API key\",\"request_id\":\"req_7\"}}"));

    Cli.Result result = cli.run("balance");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).isEqualTo("error: UNAUTHORIZED: Invalid API key (request req_7)\n");
  }

  @Test
  void getPrintsTheExecutionAsPrettyJson() throws Exception {
    server.enqueue(json(200, EXECUTION));

    Cli.Result result = cli.run("get", "exec_1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("{\n  \"id\": \"exec_1\",\n");
    assertThat(Json.readTree(result.out())).isEqualTo(Json.readTree(EXECUTION));
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/executions/exec_1 HTTP/1.1");
  }

  @Test
  void getOfAMissingExecutionExitsSix() {
    server.enqueue(
        json(
            404,
            "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"execution not found\",\"request_id\":\"req_2\"}}"));

    Cli.Result result = cli.run("get", "exec_nope");

    assertThat(result.exitCode()).isEqualTo(6);
    assertThat(result.err()).isEqualTo("error: NOT_FOUND: execution not found (request req_2)\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void listPrintsATableAndPointsToTheNextPage() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"data\":["
                + "{\"id\":\"exec_2\",\"status\":\"PROCESSING\",\"model\":\"seedance-video\",\"cost\":null,\"created_at\":\"2026-03-20T10:31:00Z\"},"
                + "{\"id\":\"exec_1\",\"status\":\"COMPLETED\",\"model\":\"flux-1.1-pro\",\"cost\":\"0.040\",\"created_at\":\"2026-03-20T10:30:00Z\"}"
                + "],\"has_more\":true,\"next_cursor\":\"exec_1\"}"));

    Cli.Result result =
        cli.run(
            "list",
            "--status",
            "COMPLETED",
            "--limit",
            "2",
            "--created-after",
            "2026-03-20T00:00:00Z");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "ID      STATUS      MODEL           COST   CREATED\n"
                + "exec_2  PROCESSING  seedance-video  -      2026-03-20T10:31:00Z\n"
                + "exec_1  COMPLETED   flux-1.1-pro    0.040  2026-03-20T10:30:00Z\n");
    assertThat(result.err()).isEqualTo("more: modelroute list --starting-after exec_1\n");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().queryParameter("status")).isEqualTo("COMPLETED");
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("2");
    assertThat(request.getUrl().queryParameter("created_after")).isEqualTo("2026-03-20T00:00:00Z");
  }

  @Test
  void listJsonPrintsTheRawPageAndAnEmptyListSaysSo() {
    String page = "{\"data\":[],\"has_more\":false,\"next_cursor\":null}";
    server.enqueue(json(200, page));
    server.enqueue(json(200, page));

    Cli.Result raw = cli.run("list", "--json");
    Cli.Result table = cli.run("list");

    assertThat(Json.readTree(raw.out())).isEqualTo(Json.readTree(page));
    assertThat(table.out()).isEqualTo("no executions\n");
    assertThat(table.err()).isEmpty();
  }

  @Test
  void cancelPostsAndPrintsTheCancelledExecution() throws Exception {
    server.enqueue(json(200, "{\"id\":\"exec_1\",\"status\":\"CANCELLED\"}"));

    Cli.Result result = cli.run("cancel", "exec_1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("\"status\": \"CANCELLED\"");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("POST /v1/executions/exec_1/cancel HTTP/1.1");
  }

  @Test
  void cancellingAFinishedExecutionExitsFour() {
    server.enqueue(
        json(
            409,
            "{\"error\":{\"code\":\"CONFLICT\",\"message\":\"execution is COMPLETED\",\"retryable\":false}}"));

    Cli.Result result = cli.run("cancel", "exec_1");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err()).isEqualTo("error: CONFLICT: execution is COMPLETED\n");
  }

  @Test
  void modelsPrintsSlugCategoryAndPricing() {
    server.enqueue(
        json(
            200,
            "{\"data\":["
                + "{\"slug\":\"flux-1.1-pro\",\"category\":\"image\",\"pricing\":{\"unit\":\"per_megapixel\",\"price\":\"0.040\"}},"
                + "{\"slug\":\"text-generation-standard\",\"category\":\"text\",\"pricing\":{\"unit\":\"per_1k_tokens\",\"input_price\":\"0.0005\",\"output_price\":\"0.0015\"}},"
                + "{\"slug\":\"odd\",\"category\":\"audio\",\"pricing\":{\"per_run\":\"0.01\"}}"
                + "]}"));

    Cli.Result result = cli.run("models");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "SLUG                      CATEGORY  PRICING\n"
                + "flux-1.1-pro              image     $0.040 per_megapixel\n"
                + "text-generation-standard  text      $0.0005 in / $0.0015 out per_1k_tokens\n"
                + "odd                       audio     {\"per_run\":\"0.01\"}\n");
  }

  @Test
  void modelsWithASlugPrintsThatModelAsJson() throws Exception {
    server.enqueue(json(200, "{\"slug\":\"flux-1.1-pro\",\"input_schema\":{\"type\":\"object\"}}"));

    Cli.Result result = cli.run("models", "flux-1.1-pro");

    assertThat(result.out()).contains("\"input_schema\": {");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/models/flux-1.1-pro HTTP/1.1");
  }

  @Test
  void balancePrintsBalanceHeldAndAvailable() {
    server.enqueue(
        json(
            200,
            "{\"balance\":\"25.000\",\"held\":\"0.048\",\"available\":\"24.952\",\"currency\":\"USD\"}"));

    Cli.Result result = cli.run("balance");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "balance    25.000 USD\n" + "held        0.048 USD\n" + "available  24.952 USD\n");
  }

  @Test
  void downloadSavesTheFileAndSaysWhere(@TempDir Path dir) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("GIF89a").build());
    Path out = dir.resolve("clip.gif");

    Cli.Result result = cli.run("download", "file_7", "-o", out.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(out).hasContent("GIF89a");
    assertThat(result.err()).isEqualTo("saved " + out + " (6 bytes)\n");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/files/file_7/download HTTP/1.1");
  }

  @Test
  void unwritableOutputFileExitsOneWithoutTouchingTheServer(@TempDir Path dir) {
    Path out = dir.resolve("missing-dir").resolve("clip.gif");

    Cli.Result result = cli.run("download", "file_7", "-o", out.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("error: cannot write " + out);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void filesUploadPrintsOnlyTheFileIdOnStdout(@TempDir Path dir) throws Exception {
    Path photo = dir.resolve("photo.png");
    java.nio.file.Files.write(photo, new byte[] {1, 2, 3});
    String ready =
        "{\"id\":\"file_5\",\"status\":\"READY\",\"content_type\":\"image/png\",\"size_bytes\":3,"
            + "\"sha256\":\"cafe\"}";
    server.enqueue(
        json(
            201,
            "{\"file_id\":\"file_5\",\"upload_url\":\""
                + server.url("/v1/files/upload/t")
                + "\",\"expires_at\":\"2026-03-20T11:30:00Z\"}"));
    server.enqueue(json(200, ready));
    server.enqueue(json(200, ready));

    Cli.Result result =
        cli.run("files", "upload", photo.toString(), "--purpose", "UPLOAD", "--ttl-days", "7");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("file_5\n");
    assertThat(result.err()).contains("image/png, 3 bytes, sha256 cafe");
    assertThat(Json.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(Json.readTree("{\"purpose\":\"UPLOAD\",\"ttl_days\":7}"));
  }

  @Test
  void filesUploadOfAMissingFileIsAUsageError(@TempDir Path dir) {
    Cli.Result result = cli.run("files", "upload", dir.resolve("nope").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("cannot read file");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void filesListPrintsATableAndPointsToTheNextPage() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"data\":["
                + "{\"id\":\"file_2\",\"status\":\"PENDING_UPLOAD\",\"purpose\":\"UPLOAD\",\"content_type\":null,"
                + "\"size_bytes\":null,\"created_at\":\"2026-03-20T10:31:00Z\"},"
                + "{\"id\":\"file_1\",\"status\":\"READY\",\"purpose\":\"OUTPUT\",\"content_type\":\"image/png\","
                + "\"size_bytes\":1024,\"created_at\":\"2026-03-20T10:30:00Z\"}"
                + "],\"has_more\":true,\"next_cursor\":\"file_1\"}"));
    server.enqueue(json(200, "{\"data\":[],\"has_more\":false,\"next_cursor\":null}"));

    Cli.Result result =
        cli.run(
            "files", "list", "--limit", "2", "--purpose", "OUTPUT", "--starting-after", "file_9");
    Cli.Result empty = cli.run("files", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "ID      STATUS          PURPOSE  TYPE       BYTES  CREATED\n"
                + "file_2  PENDING_UPLOAD  UPLOAD   -          -      2026-03-20T10:31:00Z\n"
                + "file_1  READY           OUTPUT   image/png  1024   2026-03-20T10:30:00Z\n");
    assertThat(result.err()).isEqualTo("more: modelroute files list --starting-after file_1\n");
    assertThat(empty.out()).isEqualTo("no files\n");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/files?purpose=OUTPUT&limit=2&starting_after=file_9 HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine()).isEqualTo("GET /v1/files HTTP/1.1");
  }

  @Test
  void filesGetUrlDownloadAndDelete(@TempDir Path dir) throws Exception {
    server.enqueue(json(200, "{\"id\":\"file_5\",\"status\":\"READY\"}"));
    server.enqueue(
        json(
            200,
            "{\"url\":\"http://h/v1/files/download/x\",\"expires_at\":\"2026-03-20T11:30:00Z\"}"));
    server.enqueue(new MockResponse.Builder().code(200).body("bytes").build());
    server.enqueue(json(200, "{\"id\":\"file_5\",\"deleted\":true}"));

    assertThat(Json.readTree(cli.run("files", "get", "file_5").out()).get("status").asText())
        .isEqualTo("READY");
    Cli.Result url = cli.run("files", "url", "file_5");
    assertThat(url.out()).isEqualTo("http://h/v1/files/download/x\n");
    assertThat(url.err()).contains("valid until 2026-03-20T11:30:00Z");
    Path target = dir.resolve("out.bin");
    assertThat(cli.run("files", "download", "file_5", "-o", target.toString()).exitCode()).isZero();
    assertThat(java.nio.file.Files.readString(target)).isEqualTo("bytes");
    Cli.Result deleted = cli.run("files", "delete", "file_5");
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.err()).contains("deleted file_5");
    server.takeRequest();
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getMethod()).isEqualTo("DELETE");
  }

  @Test
  void filesGetOfAnUnknownFileExitsSix() {
    server.enqueue(
        json(
            404,
            "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"File not found\",\"request_id\":\"req_2\"}}"));

    Cli.Result result = cli.run("files", "get", "file_x");

    assertThat(result.exitCode()).isEqualTo(6);
    assertThat(result.err()).contains("error: NOT_FOUND: File not found (request req_2)");
  }

  @Test
  void filesAloneShowsItsSubcommands() {
    Cli.Result result = cli.run("files");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("upload").contains("download").contains("delete");
  }
}
