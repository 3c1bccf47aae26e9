package io.modelroute.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionError;
import io.modelroute.execution.ExecutionLifecycle;
import io.modelroute.execution.ExecutionLifecycle.AttemptFailure;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what a provider call produced to the {@link ExecutionLifecycle}: a pending job parks the
 * execution, a result completes it (output files stored first), a failure retries, fails over or
 * fails it as the {@link RoutePlan} says — and keeps the circuit breakers and bulkheads informed.
 * Times are read from the clock when the outcome arrives, so an attempt's end is its real end.
 * Thread-safe.
 */
final class AttemptOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptOutcomes.class);

  /**
   * One attempt: the claimed execution, its model, the route tried and the tries on it (this one
   * included).
   */
  record Attempt(
      Execution execution,
      ModelDefinition model,
      int routeIndex,
      int triesOnRoute,
      Provider provider) {
    String providerName() {
      return provider != null ? provider.name() : model.routes().get(routeIndex).provider();
    }

    String providerModel() {
      return model.routes().get(routeIndex).providerModel();
    }
  }

  private final ExecutionLifecycle lifecycle;
  private final RoutePlan plan;
  private final ProviderGuards guards;
  private final OutputAssembler output;
  private final ExecutionWatch watch;
  private final Clock clock;
  private final String nodeId;
  private final Consumer<Instant> wakeAt;
  private final RecentFailures recentFailures;

  AttemptOutcomes(
      ExecutionLifecycle lifecycle,
      RoutePlan plan,
      ProviderGuards guards,
      OutputAssembler output,
      ExecutionWatch watch,
      Clock clock,
      String nodeId,
      Consumer<Instant> wakeAt,
      RecentFailures recentFailures) {
    this.lifecycle = lifecycle;
    this.plan = plan;
    this.guards = guards;
    this.output = output;
    this.watch = watch;
    this.clock = clock;
    this.nodeId = nodeId;
    this.wakeAt = wakeAt;
    this.recentFailures = recentFailures;
  }

  /** Already handed over: nothing trails. */
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /**
   * The provider answered: a pending job or a finished result. Returns the trailing settlement
   * (completing once it committed) or a completed future when the hand-over was written already.
   */
  CompletableFuture<?> succeeded(Attempt a, ProviderOutcome outcome) {
    Execution e = a.execution();
    guards.success(e.id(), a.providerName(), a.providerModel());
    if (outcome instanceof ProviderOutcome.Pending p) {
      if (p.percent() != null) {
        watch.progress(e.id(), p.percent());
      }
      ExecutionStatus parked =
          p.awaitingCallback() ? ExecutionStatus.AWAITING_WEBHOOK : ExecutionStatus.PROCESSING;
      Instant next = clock.instant().plus(p.pollAfter());
      lifecycle.awaitProvider(e, nodeId, parked, p.jobId(), next);
      wakeAt.accept(next);
      return DONE;
    } else if (outcome instanceof ProviderOutcome.Completed done) {
      ObjectNode out;
      try {
        out = output.assemble(e, a.model(), done);
      } catch (IOException | RuntimeException ex) {
        if (ExecutionLifecycle.isDatabaseFailure(ex)) {
          throw ex instanceof RuntimeException r ? r : new IllegalStateException(ex);
        }
        LOG.error("execution {}: storing the output failed", e.id(), ex);
        guards.release(e.id());
        return lifecycle.failAsync(
            e, new ExecutionError(ErrorCode.INTERNAL_ERROR, "Storing the result failed"));
      }
      guards.release(
          e.id()); // the provider's part is over: its bulkhead need not wait for our commit
      return lifecycle.completeAsync(e, out, a.model().pricing().actualCost(done.usage()));
    }
    return DONE;
  }

  /**
   * The attempt failed with {@code failure} (already classified by its provider); returns as {@link
   * #succeeded}.
   */
  CompletableFuture<?> failed(Attempt a, ProviderException failure) {
    Execution e = a.execution();
    Instant now = clock.instant();
    LOG.info(
        "execution {} attempt on {} failed: {} {}",
        e.id(),
        a.providerName(),
        failure.code(),
        failure.getMessage());
    if (a.provider() != null) {
      recentFailures.add(
          a.providerName(),
          new ProviderHealth.Failure(a.providerModel(), failure.code(), failure.retryable(), now));
      if (failure.retryable()) {
        guards.failure(e.id(), a.providerName(), a.providerModel());
      } else {
        guards.success(
            e.id(),
            a.providerName(),
            a.providerModel()); // the provider answered; the request was at fault
      }
    }
    guards.release(e.id());
    AttemptFailure ended = new AttemptFailure(failure.code(), failure.getMessage(), now);
    RoutePlan.Next next =
        plan.afterFailure(a.model(), a.routeIndex(), a.triesOnRoute(), failure, now, e.expiresAt());
    if (next instanceof RoutePlan.Retry r) {
      lifecycle.retryLater(e, nodeId, r.at(), ended);
      wakeAt.accept(r.at());
      return DONE;
    }
    if (next instanceof RoutePlan.FailOver f) {
      lifecycle.failOver(e, nodeId, f.routeIndex(), ended);
      wakeAt.accept(now);
      return DONE;
    }
    return lifecycle.failAsync(e, new ExecutionError(failure.code(), failure.getMessage()));
  }
}
