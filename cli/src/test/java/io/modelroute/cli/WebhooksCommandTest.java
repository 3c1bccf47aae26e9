package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.Json;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code modelroute webhooks …} client commands against MockWebServer. */
class WebhooksCommandTest {
  static final String ID = "wh_5c7c8f2e-6d2a-4c1e-9a4b-0f1e2d3c4b5a";
  static final String ENDPOINT =
      "{\"id\":\""
          + ID
          + "\",\"url\":\"https://app.example/hooks\",\"description\":null,"
          + "\"events\":[\"execution.completed\"],\"headers\":{},\"is_active\":true,\"failure_count\":0,"
          + "\"last_success\":null,\"last_failure\":null,\"created_at\":\"2026-03-20T10:00:00Z\"}";

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
  void createSendsUrlEventsAndHeadersAndPrintsTheSecretOnce() throws Exception {
    server.enqueue(
        json(
            201, ENDPOINT.substring(0, ENDPOINT.length() - 1) + ",\"secret\":\"whsec_c2VjcmV0\"}"));

    Cli.Result result =
        cli.run(
            "webhooks",
            "create",
            "https://app.example/hooks",
            "--description",
            "prod",
            "-e",
            "execution.completed,execution.failed",
            "-H",
            "X-Team=core");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "id:      "
                + ID
                + "\nurl:     https://app.example/hooks\n"
                + "events:  execution.completed\nsecret:  whsec_c2VjcmV0\n");
    assertThat(result.err()).contains("shown only this once");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestLine()).isEqualTo("POST /v1/webhooks/endpoints HTTP/1.1");
    assertThat(Json.readTree(request.getBody().utf8()))
        .isEqualTo(
            Json.readTree(
                "{\"url\":\"https://app.example/hooks\",\"description\":\"prod\","
                    + "\"events\":[\"execution.completed\",\"execution.failed\"],\"headers\":{\"X-Team\":\"core\"}}"));
  }

  @Test
  void listPrintsATableAndAnEmptyListSaysSo() {
    server.enqueue(json(200, "{\"endpoints\":[" + ENDPOINT + "]}"));
    server.enqueue(json(200, "{\"endpoints\":[]}"));

    Cli.Result table = cli.run("webhooks", "list");
    Cli.Result empty = cli.run("webhooks", "list");

    assertThat(table.out())
        .isEqualTo(
            "ID                                       ACTIVE  FAILURES  EVENTS               URL\n"
                + ID
                + "  yes     0         execution.completed  https://app.example/hooks\n");
    assertThat(empty.out()).isEqualTo("no webhook endpoints\n");
  }

  @Test
  void updateSendsOnlyWhatTheOptionsNameAndEnableReactivates() throws Exception {
    server.enqueue(json(200, ENDPOINT));
    server.enqueue(json(200, ENDPOINT));

    Cli.Result enabled = cli.run("webhooks", "update", ID, "--enable");
    Cli.Result changed =
        cli.run(
            "webhooks",
            "update",
            ID,
            "--all-events",
            "--no-headers",
            "--new-url",
            "https://b.example/");

    assertThat(enabled.exitCode()).isZero();
    assertThat(enabled.out()).contains("\"is_active\": true");
    assertThat(Json.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(Json.readTree("{\"is_active\":true}"));
    assertThat(changed.exitCode()).isZero();
    assertThat(Json.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(Json.readTree("{\"url\":\"https://b.example/\",\"events\":[],\"headers\":{}}"));
  }

  @Test
  void contradictoryUpdateOptionsAreAUsageError() {
    Cli.Result both = cli.run("webhooks", "update", ID, "--enable", "--disable");
    Cli.Result events = cli.run("webhooks", "update", ID, "--all-events", "-e", "execution.failed");

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(events.exitCode()).isEqualTo(2);
    assertThat(events.err()).contains("--all-events and --event exclude each other");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void deleteTestRetryAndSigningSecretUseTheirRoutes() throws Exception {
    server.enqueue(json(200, "{\"id\":\"" + ID + "\",\"deleted\":true}"));
    server.enqueue(
        json(202, "{\"id\":\"dlv_1\",\"event_type\":\"webhook.test\",\"status\":\"PENDING\"}"));
    server.enqueue(json(202, "{\"id\":\"dlv_1\",\"status\":\"PENDING\"}"));
    server.enqueue(json(200, "{\"secret\":\"whsec_org\"}"));

    assertThat(cli.run("webhooks", "delete", ID).out()).isEqualTo("deleted " + ID + "\n");
    assertThat(cli.run("webhooks", "test", ID).out())
        .isEqualTo("queued webhook.test as delivery dlv_1\n");
    assertThat(cli.run("webhooks", "retry", ID, "dlv_1").out()).contains("\"status\": \"PENDING\"");
    assertThat(cli.run("webhooks", "signing-secret").out()).isEqualTo("whsec_org\n");

    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("DELETE /v1/webhooks/endpoints/" + ID + " HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("POST /v1/webhooks/endpoints/" + ID + "/test HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("POST /v1/webhooks/endpoints/" + ID + "/deliveries/dlv_1/retry HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/webhooks/signing-secret HTTP/1.1");
  }

  @Test
  void recoverPostsTheSinceTimeAndPrintsHowManyDeliveriesWereRequeued() throws Exception {
    server.enqueue(
        json(
            202,
            "{\"endpoint_id\":\"" + ID + "\",\"since\":\"2026-01-31T12:00:00Z\",\"recovered\":7}"));

    Cli.Result result = cli.run("webhooks", "recover", ID, "--since", "2026-01-31T12:00:00Z");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo("7 deliveries re-queued (events since 2026-01-31T12:00:00Z)\n");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestLine())
        .isEqualTo("POST /v1/webhooks/endpoints/" + ID + "/recover HTTP/1.1");
    assertThat(Json.readTree(request.getBody().utf8()))
        .isEqualTo(Json.readTree("{\"since\":\"2026-01-31T12:00:00Z\"}"));
    assertThat(
            WebhooksCommand.Recover.parseSince(
                "90m", java.time.Instant.parse("2026-01-31T12:00:00Z")))
        .isEqualTo(java.time.Instant.parse("2026-01-31T10:30:00Z"));
    assertThat(cli.run("webhooks", "recover", ID, "--since", "last tuesday").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void deliveriesPrintStatusAttemptsLastAnswerAndNextAttempt() throws Exception {
    server.enqueue(
        json(
            200,
            "{\"data\":["
                + "{\"id\":\"dlv_2\",\"event_type\":\"execution.completed\",\"execution_id\":\"exec_1\",\"status\":\"PENDING\","
                + "\"attempts\":2,\"last_response_code\":500,\"last_latency_ms\":12,\"next_attempt_at\":\"2026-03-20T10:06:00Z\"},"
                + "{\"id\":\"dlv_1\",\"event_type\":\"webhook.test\",\"execution_id\":null,\"status\":\"SUCCEEDED\","
                + "\"attempts\":1,\"last_response_code\":200,\"last_latency_ms\":3,\"next_attempt_at\":null}"
                + "],\"has_more\":true,\"next_cursor\":\"dlv_1\"}"));

    Cli.Result result = cli.run("webhooks", "deliveries", ID, "--limit", "2");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "ID     EVENT                EXECUTION  STATUS     ATTEMPTS  CODE  LATENCY  NEXT ATTEMPT\n"
                + "dlv_2  execution.completed  exec_1     PENDING    2         500   12ms     2026-03-20T10:06:00Z\n"
                + "dlv_1  webhook.test         -          SUCCEEDED  1         200   3ms      -\n");
    assertThat(result.err())
        .isEqualTo("more: modelroute webhooks deliveries " + ID + " --starting-after dlv_1\n");
    assertThat(server.takeRequest().getUrl().queryParameter("limit")).isEqualTo("2");
  }

  @Test
  void anExecutionOnlyKeyExitsThree() {
    server.enqueue(
        json(
            403,
            "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"This API key has EXECUTION_ONLY "
                + "permission\",\"retryable\":false,\"request_id\":\"req_4\"}}"));

    Cli.Result result = cli.run("webhooks", "list");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .startsWith("error: FORBIDDEN: This API key has EXECUTION_ONLY permission");
  }
}
