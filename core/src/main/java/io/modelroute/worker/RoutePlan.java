package io.modelroute.worker;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import io.modelroute.execution.Execution;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Routing decisions (docs/providers.md): which route an attempt goes to, and what follows a failed
 * attempt — retry the route after backoff, fail over to the next usable route, or fail. Routes
 * whose provider is not configured or whose circuit is open are skipped; a retry or a failover is
 * only planned when an attempt still fits before the execution's {@code expires_at}. Thread-safe.
 */
final class RoutePlan {
  /** What {@link #choose} found. */
  sealed interface Choice permits Admitted, Busy, Unavailable, Unconfigured {}

  /**
   * The attempt goes to {@code route} (index {@code routeIndex}); {@code routeAttempts} counts it.
   */
  record Admitted(int routeIndex, Route route, Provider provider, int routeAttempts)
      implements Choice {}

  /**
   * Every usable route is at its concurrency limit (or probing): try again at {@code at}. {@code
   * callsOnly} when only this node's running calls were in the way (they end by themselves, unlike
   * awaited jobs holding a bulkhead).
   */
  record Busy(Instant at, boolean callsOnly) implements Choice {}

  /** Every configured route has its circuit open. */
  record Unavailable() implements Choice {}

  /** No route has a configured provider. */
  record Unconfigured() implements Choice {}

  /** What follows a failed attempt. */
  sealed interface Next permits Retry, FailOver, Fail {}

  /** Try the same route again at {@code at}. */
  record Retry(Instant at) implements Next {}

  /** Go on with route {@code routeIndex} now. */
  record FailOver(int routeIndex) implements Next {}

  /** End the execution FAILED with the attempt's error. */
  record Fail() implements Next {}

  private final Map<String, Provider> providers;
  private final ProviderGuards guards;
  private final ProviderCalls calls;
  private final DispatcherSettings settings;

  RoutePlan(
      Map<String, Provider> providers,
      ProviderGuards guards,
      ProviderCalls calls,
      DispatcherSettings settings) {
    this.providers = providers;
    this.guards = guards;
    this.calls = calls;
    this.settings = settings;
  }

  /**
   * The first route from the execution's current one that can take an attempt now; takes its call
   * slot and its guard permit (bulkhead, half-open probe), which the caller must give back.
   */
  Choice choose(Execution e, ModelDefinition model, int routeAttemptsSoFar, Instant now) {
    int from = Math.min(e.routeIndex(), model.routes().size() - 1);
    boolean anyConfigured = false;
    boolean busy = false;
    boolean guardBusy = false;
    for (int i = from; i < model.routes().size(); i++) {
      Route route = model.routes().get(i);
      Provider provider = providers.get(route.provider());
      if (provider == null) {
        continue;
      }
      anyConfigured = true;
      if (!calls.tryReserve(provider.name())) {
        busy = true;
        continue;
      }
      if (guards.tryAdmit(e.id(), provider.name(), route.providerModel(), e.expiresAt())) {
        return new Admitted(i, route, provider, i == from ? routeAttemptsSoFar + 1 : 1);
      }
      calls.unreserve(provider.name());
      if (!isOpen(provider.name(), route.providerModel())) {
        busy = true;
        guardBusy = true;
      }
    }
    if (!anyConfigured) {
      return new Unconfigured();
    }
    return busy ? new Busy(now.plus(settings.pollInterval()), !guardBusy) : new Unavailable();
  }

  /**
   * After a failed attempt on {@code routeIndex} ({@code triesOnRoute} tries there, the failed one
   * included) at {@code now}: a non-retryable failure fails; a retryable one retries the route with
   * exponential backoff while tries remain, its circuit is closed, the attempt did not time out and
   * the retry falls before {@code expiresAt}; else fails over to the next route that is configured
   * and not open; else fails.
   */
  Next afterFailure(
      ModelDefinition model,
      int routeIndex,
      int triesOnRoute,
      ProviderException failure,
      Instant now,
      Instant expiresAt) {
    if (!failure.retryable()) {
      return new Fail();
    }
    Route route = model.routes().get(routeIndex);
    String provider = route.provider();
    // never sooner than the provider's Retry-After
    Instant retryAt =
        now.plus(
            failure.retryDelay(
                settings.retryBaseDelay().multipliedBy(1L << Math.min(10, triesOnRoute - 1))));
    // a timed-out attempt goes straight to the next route: a provider that did not answer in time
    // is unlikely to answer a retry, and the time left belongs to the other routes
    boolean timedOut = failure.code() == ErrorCode.GENERATION_TIMEOUT;
    if (!timedOut
        && triesOnRoute < settings.maxAttemptsPerRoute()
        && providers.containsKey(provider)
        && !isOpen(provider, route.providerModel())
        && retryAt.isBefore(expiresAt)) {
      return new Retry(retryAt);
    }
    for (int i = routeIndex + 1; i < model.routes().size(); i++) {
      Route next = model.routes().get(i);
      if (providers.containsKey(next.provider())
          && !isOpen(next.provider(), next.providerModel())) {
        return now.isBefore(expiresAt) ? new FailOver(i) : new Fail();
      }
    }
    return new Fail();
  }

  /**
   * How long one call may take: the least of {@link DispatcherSettings#maxAttemptTimeout}, the
   * model's timeout divided by {@link DispatcherSettings#ATTEMPTS_PER_TIMEOUT}, and the time left.
   */
  Duration attemptTimeout(ModelDefinition model, Duration timeLeft) {
    Duration t = model.timeout().dividedBy(DispatcherSettings.ATTEMPTS_PER_TIMEOUT);
    if (t.compareTo(settings.maxAttemptTimeout()) > 0) {
      t = settings.maxAttemptTimeout();
    }
    return t.compareTo(timeLeft) > 0 ? timeLeft : t;
  }

  private boolean isOpen(String provider, String providerModel) {
    return guards.circuitState(provider, providerModel).equals("OPEN");
  }
}
