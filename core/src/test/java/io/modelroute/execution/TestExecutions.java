package io.modelroute.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.Json;
import io.modelroute.Money;
import java.time.Instant;
import java.util.Map;

/**
 * Builds {@link Execution}s for tests without its 23-argument constructor: start from {@link
 * #pending()} (an image execution just accepted) or {@link #from} an existing one, change what the
 * test is about, {@link #build()}. Not thread-safe; one builder per value.
 */
final class TestExecutions {
  private String id = "exec_a1b2c3d4-e5f6-7890-abcd-ef1234567890";
  private String orgId = "org_a1b2c3d4a1b2c3d4";
  private String apiKeyId = "key_1";
  private String model = "flux-1.1-pro";
  private ExecutionMode mode = ExecutionMode.ASYNC;
  private ExecutionStatus status = ExecutionStatus.PENDING;
  private ObjectNode input = Json.readObject("{\"prompt\":\"a city\"}");
  private Map<String, String> metadata = Map.of();
  private String webhookUrl;
  private Money hold = Money.parse("0.048");
  private Money estimatedCost = Money.parse("0.040");
  private Money cost;
  private ObjectNode output;
  private ExecutionError error;
  private int attempts;
  private int routeIndex;
  private String provider;
  private String providerJobId;
  private Instant createdAt = Instant.parse("2026-03-20T10:30:00Z");
  private Instant startedAt;
  private Instant completedAt;
  private Instant expiresAt = createdAt.plusSeconds(300);
  private Long latencyMs;

  private TestExecutions() {}

  /** A PENDING image execution of {@code flux-1.1-pro}, just accepted, nothing run yet. */
  static TestExecutions pending() {
    return new TestExecutions();
  }

  /** Every part of {@code e}, to change some. */
  static TestExecutions from(Execution e) {
    TestExecutions b = new TestExecutions();
    b.id = e.id();
    b.orgId = e.orgId();
    b.apiKeyId = e.apiKeyId();
    b.model = e.model();
    b.mode = e.mode();
    b.status = e.status();
    b.input = e.input();
    b.metadata = e.metadata();
    b.webhookUrl = e.webhookUrl();
    b.hold = e.hold();
    b.estimatedCost = e.estimatedCost();
    b.cost = e.cost();
    b.output = e.output();
    b.error = e.error();
    b.attempts = e.attempts();
    b.routeIndex = e.routeIndex();
    b.provider = e.provider();
    b.providerJobId = e.providerJobId();
    b.createdAt = e.createdAt();
    b.startedAt = e.startedAt();
    b.completedAt = e.completedAt();
    b.expiresAt = e.expiresAt();
    b.latencyMs = e.latencyMs();
    return b;
  }

  TestExecutions id(String id) {
    this.id = id;
    return this;
  }

  TestExecutions orgId(String orgId) {
    this.orgId = orgId;
    return this;
  }

  TestExecutions model(String model) {
    this.model = model;
    return this;
  }

  TestExecutions status(ExecutionStatus status) {
    this.status = status;
    return this;
  }

  TestExecutions input(ObjectNode input) {
    this.input = input;
    return this;
  }

  TestExecutions metadata(Map<String, String> metadata) {
    this.metadata = metadata;
    return this;
  }

  TestExecutions hold(Money hold, Money estimatedCost) {
    this.hold = hold;
    this.estimatedCost = estimatedCost;
    return this;
  }

  /** COMPLETED with this cost and output. */
  TestExecutions completed(Money cost, ObjectNode output) {
    this.status = ExecutionStatus.COMPLETED;
    this.cost = cost;
    this.output = output;
    this.error = null;
    return this;
  }

  /** {@code status} (FAILED or EXPIRED) with this error, no cost and no output. */
  TestExecutions failed(ExecutionStatus status, ExecutionError error) {
    this.status = status;
    this.error = error;
    this.cost = null;
    this.output = null;
    return this;
  }

  TestExecutions attempts(int attempts, String provider) {
    this.attempts = attempts;
    this.provider = provider;
    return this;
  }

  TestExecutions times(
      Instant createdAt, Instant startedAt, Instant completedAt, Instant expiresAt) {
    this.createdAt = createdAt;
    this.startedAt = startedAt;
    this.completedAt = completedAt;
    this.expiresAt = expiresAt;
    return this;
  }

  TestExecutions latencyMs(Long latencyMs) {
    this.latencyMs = latencyMs;
    return this;
  }

  Execution build() {
    return new Execution(
        id,
        orgId,
        apiKeyId,
        model,
        mode,
        status,
        input,
        metadata,
        webhookUrl,
        hold,
        estimatedCost,
        cost,
        output,
        error,
        attempts,
        routeIndex,
        provider,
        providerJobId,
        createdAt,
        startedAt,
        completedAt,
        expiresAt,
        latencyMs);
  }
}
