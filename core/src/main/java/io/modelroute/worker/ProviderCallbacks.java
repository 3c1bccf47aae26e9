package io.modelroute.worker;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionLifecycle;
import io.modelroute.execution.JdbiExecutionStore.Claimed;
import io.modelroute.metrics.internal.EngineMetrics;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.worker.Dispatcher.CallbackResult;
import io.modelroute.worker.internal.CallbackUrls;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider callbacks ({@code POST /v1/providers/{provider}/callback/{token}}): checks the signed
 * token, ignores callbacks for finished executions or earlier attempts, claims the execution for
 * the time it takes, lets the provider turn the body into an outcome and hands that to the
 * lifecycle like any polled outcome. Runs on the caller's (HTTP) thread. Thread-safe.
 */
final class ProviderCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderCallbacks.class);

  private final CallbackUrls callbacks;
  private final ExecutionLifecycle lifecycle;
  private final Catalog catalog;
  private final Map<String, Provider> providers;
  private final ProviderRequests requests;
  private final AttemptOutcomes outcomes;
  private final EngineMetrics metrics;
  private final Clock clock;
  private final DispatcherSettings settings;
  private final Set<String> inFlight;
  private final Runnable wake;

  ProviderCallbacks(
      CallbackUrls callbacks,
      ExecutionLifecycle lifecycle,
      Catalog catalog,
      Map<String, Provider> providers,
      ProviderRequests requests,
      AttemptOutcomes outcomes,
      EngineMetrics metrics,
      Clock clock,
      DispatcherSettings settings,
      Set<String> inFlight,
      Runnable wake) {
    this.callbacks = callbacks;
    this.lifecycle = lifecycle;
    this.catalog = catalog;
    this.providers = providers;
    this.requests = requests;
    this.outcomes = outcomes;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.inFlight = inFlight;
    this.wake = wake;
  }

  /** See {@link Dispatcher#onCallback}. */
  CallbackResult onCallback(
      String providerName, String token, Map<String, String> headers, byte[] body) {
    CallbackUrls.Token t =
        callbacks
            .verify(providerName, token)
            .orElseThrow(
                () -> new ModelRouteException(ErrorCode.FORBIDDEN, "Invalid callback token"));
    Instant now = clock.instant();
    Execution e =
        lifecycle
            .find(t.executionId())
            .orElseThrow(() -> ModelRouteException.notFound("Execution"));
    if (e.status().isTerminal()
        || e.attempts() != t.attempt()
        || e.providerJobId() == null
        || !providerName.equals(e.provider())) {
      LOG.info(
          "callback from {} for {} (attempt {}) ignored: execution is {} at attempt {}",
          providerName,
          e.id(),
          t.attempt(),
          e.status(),
          e.attempts());
      return CallbackResult.IGNORED;
    }
    Optional<ModelDefinition> model = catalog.find(e.model());
    Provider provider = providers.get(providerName);
    if (model.isEmpty() || provider == null) {
      return CallbackResult.IGNORED;
    }
    Optional<Claimed> claimed =
        lifecycle.claimOne(e.id(), settings.nodeId(), now, now.plus(settings.lease()));
    if (claimed.isEmpty()) {
      return CallbackResult.DEFERRED;
    }
    Execution c = claimed.get().execution();
    inFlight.add(c.id());
    try {
      int routeIndex = Math.min(c.routeIndex(), model.get().routes().size() - 1);
      Route route = model.get().routes().get(routeIndex);
      var attempt =
          new AttemptOutcomes.Attempt(
              c, model.get(), routeIndex, claimed.get().routeAttempts(), provider);
      Instant started =
          claimed.get().attemptStartedAt() == null ? now : claimed.get().attemptStartedAt();
      long t0 = System.nanoTime();
      ProviderOutcome outcome;
      try {
        ProviderRequest req = requests.withFiles(c, model.get(), route, started, now, c.attempts());
        outcome = provider.callback(req, c.providerJobId(), Map.copyOf(headers), body.clone());
        metrics.providerCall(provider.name(), "ok", System.nanoTime() - t0);
      } catch (RuntimeException ex) {
        ProviderException failure = provider.classify(ex);
        if (failure.code() == ErrorCode.INTERNAL_ERROR) {
          LOG.warn(
              "callback for {} refused by {}: {}", c.id(), provider.name(), failure.getMessage());
          lifecycle.awaitProvider(c, settings.nodeId(), c.status(), c.providerJobId(), now);
          wake.run();
          return CallbackResult.REFUSED;
        }
        metrics.providerCall(provider.name(), failure.code().name(), System.nanoTime() - t0);
        settled(outcomes.failed(attempt, failure));
        return CallbackResult.ACCEPTED;
      }
      settled(outcomes.succeeded(attempt, outcome));
      return CallbackResult.ACCEPTED;
    } finally {
      inFlight.remove(c.id());
    }
  }

  /** Waits for a hand-over's settlement: the provider hears 200 only once its result is durable. */
  private static void settled(java.util.concurrent.CompletableFuture<?> settlement) {
    try {
      settlement.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
