package io.modelroute.client;

import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionAccepted;
import io.modelroute.api.ExecutionResult;
import io.modelroute.api.Page;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Executions (docs/concepts.md), typed: submit, read, list, cancel, and follow one to its end —
 * over the event stream, with polling as the fallback ({@link #waitFor}, {@link #run}). Get it from
 * {@link ModelRouteClient#executions()}. Thread-safe; the waiting methods block the calling thread.
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
   * return the first answer instead of creating a second execution (docs/concepts.md).
   */
  public ExecutionAccepted create(ExecutionRequest request, String idempotencyKey) {
    return transport.decode(
        client.createExecution(request, idempotencyKey), ExecutionAccepted.class);
  }

  /** The execution {@code id} as it is now. */
  public Execution get(String id) {
    return transport.decode(client.getExecution(id), Execution.class);
  }

  /**
   * The output, cost and latency of a COMPLETED execution; {@code 409 CONFLICT} in any other state.
   */
  public ExecutionResult result(String id) {
    return transport.decode(client.getResult(id), ExecutionResult.class);
  }

  /** One page of executions, newest first, filtered by {@code query}. */
  public Page<Execution> list(ExecutionQuery query) {
    return transport.page(client.listExecutions(query), Execution.class);
  }

  /**
   * Cancels a PENDING, PROCESSING or AWAITING_WEBHOOK execution (its hold is released at once) and
   * returns it; an already CANCELLED one is returned as it is, another terminal one is a {@code
   * 409}.
   */
  public Execution cancel(String id) {
    return transport.decode(client.cancelExecution(id), Execution.class);
  }

  /** {@link #waitFor(String, Duration, ExecutionListener)} without a listener. */
  public Execution waitFor(String id, Duration timeout) throws InterruptedException {
    return waitFor(id, timeout, ExecutionListener.NONE);
  }

  /**
   * Blocks until execution {@code id} is COMPLETED, FAILED, CANCELLED or EXPIRED and returns it (a
   * FAILED execution is returned, not thrown: look at its {@link Execution#error()}).
   *
   * <p>It follows {@code GET /v1/executions/{id}/events}, reporting the current state, each state
   * change, progress and text chunks to {@code listener} as they arrive. When the stream drops
   * before the end it reconnects (events already seen are not reported again); when the stream is
   * unavailable, or drops three times in a row without news, it polls {@code GET
   * /v1/executions/{id}} instead, every 0.5 s doubling up to 5 s, honouring {@code Retry-After}.
   *
   * @param timeout how long to wait in all
   * @throws WaitTimeoutException when {@code timeout} runs out first; the execution keeps running
   * @throws ModelRouteApiException when the server refuses (unknown id, bad key) or keeps failing
   *     beyond the {@link RetryPolicy}
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  public Execution waitFor(String id, Duration timeout, ExecutionListener listener)
      throws InterruptedException {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(listener, "listener");
    return new ExecutionFollower(transport, timeout, listener).waitFor(id);
  }

  /**
   * {@link #run(ExecutionRequest, String, Duration, ExecutionListener)} with a freshly generated
   * {@code Idempotency-Key}.
   */
  public Execution run(ExecutionRequest request, Duration timeout, ExecutionListener listener)
      throws InterruptedException {
    return run(request, UUID.randomUUID().toString(), timeout, listener);
  }

  /**
   * Submits an execution in {@code STREAMING} mode and follows it to its end as {@link #waitFor}
   * does. Unlike {@link #create} followed by {@link #waitFor}, the stream starts with the
   * submission, so no text chunk produced in between can be missed. A submission that fails with a
   * retryable error is repeated with the same {@code idempotencyKey}; a server that answers {@code
   * 202} instead of streaming is followed by id.
   *
   * @throws WaitTimeoutException when {@code timeout} runs out first; the execution keeps running
   * @throws ModelRouteApiException when the submission is refused ({@code INPUT_VALIDATION_ERROR},
   *     {@code INSUFFICIENT_BALANCE}, …) or the server keeps failing
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  public Execution run(
      ExecutionRequest request, String idempotencyKey, Duration timeout, ExecutionListener listener)
      throws InterruptedException {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(listener, "listener");
    return new ExecutionFollower(transport, timeout, listener)
        .submitAndFollow(request.toJson(), idempotencyKey);
  }
}
