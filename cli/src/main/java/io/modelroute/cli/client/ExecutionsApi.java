package io.modelroute.cli.client;

import java.util.Objects;
import java.util.UUID;

/**
 * Executions (SPEC §4), typed: submit, read, list, cancel. Get it from {@link
 * ModelRouteClient#executions()}. Thread-safe.
 */
public final class ExecutionsApi {
  private final ModelRouteClient client;
  private final Transport transport;

  ExecutionsApi(ModelRouteClient client, Transport transport) {
    this.client = client;
    this.transport = transport;
  }

  /**
   * Submits an execution with a freshly generated {@code Idempotency-Key} (reused by the client's
   * own retries, so they never create a second execution).
   */
  public ExecutionAccepted create(ExecutionRequest request) {
    return create(request, UUID.randomUUID().toString());
  }

  /**
   * Submits an execution with the given {@code Idempotency-Key}: the same key and request again
   * return the first answer instead of creating a second execution (SPEC §6).
   */
  public ExecutionAccepted create(ExecutionRequest request, String idempotencyKey) {
    return transport.decode(client.createExecution(request, idempotencyKey), ExecutionAccepted.class);
  }

  /** The execution {@code id} as it is now. */
  public Execution get(String id) {
    return transport.decode(client.getExecution(id), Execution.class);
  }

  /** The output, cost and latency of a COMPLETED execution; {@code 409 CONFLICT} in any other state. */
  public ExecutionResult result(String id) {
    return transport.decode(client.getResult(id), ExecutionResult.class);
  }

  /** One page of executions, newest first, filtered by {@code query}. */
  public Page<Execution> list(ExecutionQuery query) {
    return transport.page(client.listExecutions(query), Execution.class);
  }

  /**
   * Cancels a PENDING, PROCESSING or AWAITING_WEBHOOK execution (its hold is released at once) and
   * returns it; an already CANCELLED one is returned as it is, another terminal one is a {@code 409}.
   */
  public Execution cancel(String id) {
    return transport.decode(client.cancelExecution(id), Execution.class);
  }
}
