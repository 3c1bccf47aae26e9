package io.modelroute.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.provider.openai.OpenAiConfig;
import io.modelroute.provider.openai.OpenAiProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Routing across two real OpenAI-protocol servers (MockWebServer), driven by a settable clock. */
class FailoverOverHttpTest {
  final MockWebServer primary = new MockWebServer();
  final MockWebServer secondary = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    primary.start();
    secondary.start();
  }

  @AfterEach
  void stop() {
    primary.close();
    secondary.close();
  }

  TestEngine engine(Dialect dialect) throws Exception {
    Path catalog = Path.of(getClass().getResource("failover-catalog.yaml").toURI());
    return TestEngine.withDefaultCatalog(
        dialect,
        b -> b.catalogFile(catalog),
        new OpenAiProvider(
            new OpenAiConfig(
                "primary",
                URI.create(primary.url("/v1").toString()),
                "k1",
                null,
                null,
                null,
                null)),
        new OpenAiProvider(
            new OpenAiConfig(
                "secondary",
                URI.create(secondary.url("/v1").toString()),
                "k2",
                null,
                null,
                null,
                null)));
  }

  static MockResponse completion(String text) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\""
                + text
                + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":20,\"total_tokens\":30}}")
        .build();
  }

  static MockResponse error(int status, String type, String message) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"code\":null}}")
        .build();
  }

  static CreateExecution chat() {
    return CreateExecution.of("chat", Json.readObject("{\"prompt\":\"hello\"}"));
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aRouteWhoseFirstProviderAnswers503ThreeTimesCompletesOnTheSecondAndChargesOnce(
      Dialect dialect) throws Exception {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(error(503, "server_error", "overloaded"));
    }
    secondary.enqueue(completion("from the fallback"));
    try (TestEngine t = engine(dialect)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, chat(), null, null).executionId();
      for (int i = 0;
          i < 6 && !t.modelRoute.executions().get(p.orgId(), id).status().isTerminal();
          i++) {
        t.modelRoute.dispatcher().runOnce(t.clock.instant());
        t.clock.advance(Duration.ofSeconds(5));
      }
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(e.output().get("text").asText()).isEqualTo("from the fallback");
      assertThat(e.attempts()).isEqualTo(4);
      assertThat(primary.getRequestCount()).isEqualTo(3);
      assertThat(secondary.getRequestCount()).isEqualTo(1);
      // 10 input tokens × 0.0010/1k + 20 output tokens × 0.0020/1k, captured once
      assertThat(e.cost()).isEqualTo(Money.parse("0.00005"));
      assertThat(t.modelRoute.billing().balance(p.orgId()).balance())
          .isEqualTo(Money.parse("0.99995"));
      assertThat(t.modelRoute.billing().invariantViolations()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aProviderAnswering400FailsTheExecutionWithoutTryingTheNextRoute(Dialect dialect)
      throws Exception {
    primary.enqueue(error(400, "invalid_request_error", "max_tokens is too large"));
    try (TestEngine t = engine(dialect)) {
      Principal p = t.organization("1.00");
      String id = t.modelRoute.executions().create(p, chat(), null, null).executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(e.error().code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
      assertThat(secondary.getRequestCount()).isZero();
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
      assertThat(t.modelRoute.billing().balance(p.orgId()).balance())
          .isEqualTo(Money.parse("1.00"));
    }
  }
}
