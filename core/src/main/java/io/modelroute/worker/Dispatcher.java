package io.modelroute.worker;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import io.modelroute.execution.EventType;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionError;
import io.modelroute.execution.ExecutionLifecycle;
import io.modelroute.execution.ExecutionListener;
import io.modelroute.execution.ExecutionService;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.execution.JdbiExecutionStore.Claimed;
import io.modelroute.execution.JdbiExecutionStore.ClaimedWork;
import io.modelroute.execution.internal.ConcurrentTransitionException;
import io.modelroute.file.FileService;
import io.modelroute.metrics.internal.EngineMetrics;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.worker.internal.CallbackUrls;
import io.modelroute.worker.internal.ClaimLoop;
import io.modelroute.worker.internal.ProviderPermits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker loop: claims due executions through the {@link ExecutionLifecycle}, sends each attempt
 * to its provider and hands the outcome back to the lifecycle. It writes no state itself.
 *
 * <p>A background loop ({@link #start()}) claims work when woken (a submit or a change on this
 * node, a parked execution falling due) or every {@link DispatcherSettings#pollInterval()}; tests
 * drive it by hand with {@link #runOnce(Instant)} and a settable clock. Provider calls run on the
 * provider's own threads ({@link ProviderCalls}), at most {@link
 * DispatcherSettings#maxCallsPerProvider()} at a time, each with its attempt timeout, so a hung
 * provider cannot take every worker slot. Cancel and expiry abort the call in flight; nothing is
 * sent to a provider after the execution's {@code expires_at}. When our own database fails, the
 * execution is left alone: its lease runs out and the work resumes later. Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final ExecutionLifecycle lifecycle;
  private final ExecutionService service;
  private final Catalog catalog;
  private final Map<String, Provider> providers;
  private final Clock clock;
  private final DispatcherSettings settings;
  private final ProviderGuards guards;
  private final ProviderCalls calls;
  private final RoutePlan plan;
  private final ProviderRequests requests;
  private final AttemptOutcomes outcomes;
  private final ProviderCallbacks providerCallbacks;
  private final ExpirySweeper expiry;
  private final EngineMetrics metrics;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final RecentFailures recentFailures = new RecentFailures(ProviderHealth.RECENT_FAILURES);
  private final java.util.concurrent.atomic.AtomicInteger synchronousRounds =
      new java.util.concurrent.atomic.AtomicInteger();
  private final ClaimLoop<Job> loop;

  /**
   * A claimed execution and the route decided for it while it was claimed ({@code choice} null:
   * decide when it runs); {@code started} when its attempt was opened in the claim's transaction.
   */
  private record Job(Claimed claimed, RoutePlan.Choice choice, boolean started) {}

  private volatile Instant lastSweep = Instant.EPOCH;
  private volatile Instant lastPurge = Instant.EPOCH;
  private volatile Instant lastHeartbeat = Instant.EPOCH;

  /** Internal: {@link io.modelroute.ModelRoute} makes the one dispatcher; not API. */
  public Dispatcher(
      ExecutionService service,
      Catalog catalog,
      Map<String, Provider> providers,
      FileService files,
      Clock clock,
      DispatcherSettings settings,
      Map<String, ProviderLimits> providerLimits,
      ExecutionWatch watch,
      EngineMetrics metrics,
      CallbackUrls callbacks,
      ProviderPermits permits) {
    this.service = service;
    this.lifecycle = service.lifecycle();
    this.catalog = catalog;
    this.providers = Map.copyOf(providers);
    this.clock = clock;
    this.settings = settings;
    this.metrics = metrics;
    this.guards = new ProviderGuards(providerLimits, settings.threads(), clock, permits);
    this.calls =
        new ProviderCalls(p -> Math.min(guards.maxConcurrent(p), settings.maxCallsPerProvider()));
    this.plan = new RoutePlan(this.providers, guards, calls, settings);
    this.requests = new ProviderRequests(files, callbacks, watch);
    this.loop =
        new ClaimLoop<>(
            "modelroute-worker",
            settings.threads(),
            settings.pollInterval(),
            clock,
            new ClaimLoop.Work<>() {
              @Override
              public List<Job> claim(Instant now, int limit) {
                return Dispatcher.this.claim(now, limit);
              }

              @Override
              public CompletionStage<?> runAsync(Job item, Instant now) {
                return runClaimed(item);
              }

              @Override
              public void housekeeping(Instant now, boolean forced) {
                Dispatcher.this.housekeeping(now, forced);
              }
            });
    this.outcomes =
        new AttemptOutcomes(
            lifecycle,
            plan,
            guards,
            new OutputAssembler(files),
            watch,
            clock,
            settings.nodeId(),
            loop::wakeAt,
            recentFailures);
    this.providerCallbacks =
        new ProviderCallbacks(
            callbacks,
            lifecycle,
            catalog,
            this.providers,
            requests,
            outcomes,
            metrics,
            clock,
            settings,
            inFlight,
            this::wake);
    this.expiry = new ExpirySweeper(lifecycle);
    lifecycle.addListener(
        new ExecutionListener() {
          @Override
          public void created(Execution execution) {
            wake();
          }

          @Override
          public void changed(Execution e, EventType type) {
            if (e.status().isTerminal()) {
              calls.abort(e.id());
            }
            if (type != EventType.STARTED && guards.release(e.id())) {
              wake();
            }
            if ((e.status() == ExecutionStatus.CANCELLED || e.status() == ExecutionStatus.EXPIRED)
                && e.providerJobId() != null) {
              cancelAtProvider(e);
            }
          }
        });
  }

  /** Starts the background loop. */
  public synchronized void start() {
    if (loop.isRunning()) {
      return;
    }
    // Work this node held when it last died (same node id after a restart) need not wait for its
    // leases to run out.
    int recovered = lifecycle.releaseLeases(settings.nodeId());
    if (recovered > 0) {
      LOG.info(
          "released {} leases left by a previous run of node {}", recovered, settings.nodeId());
    }
    loop.start();
  }

  /** Whether the background loop is running. */
  public boolean isRunning() {
    return loop.isRunning();
  }

  /**
   * The circuit state of a provider on this node as a whole: {@code OPEN} when every one of its
   * models this node has called is open, {@code CLOSED} when all are closed, else {@code
   * HALF_OPEN}.
   */
  String circuitState(String provider) {
    return guards.circuitState(provider);
  }

  /**
   * The circuit state of one provider model on this node: {@code CLOSED}, {@code OPEN} or {@code
   * HALF_OPEN}.
   */
  String circuitState(String provider, String providerModel) {
    return guards.circuitState(provider, providerModel);
  }

  /** The circuit state of every model of a provider this node has called, by provider model. */
  Map<String, String> circuitStates(String provider) {
    return guards.circuitStates(provider);
  }

  /** Attempts this node has in flight at a provider (its bulkhead's used permits). */
  int inFlight(String provider) {
    return guards.inFlight(provider);
  }

  /**
   * How every configured provider is doing on this node, by name: its circuit breakers, its
   * bulkhead (in flight vs size) and its last failed attempts. Reads memory only; cheap enough to
   * answer on every request.
   */
  public List<ProviderHealth> providerHealth() {
    return providers.keySet().stream()
        .sorted()
        .map(
            p -> {
              Map<String, String> circuits =
                  guards.circuitStates(p); // read once: the overall state agrees with it
              return new ProviderHealth(
                  p,
                  ProviderGuards.overall(circuits),
                  circuits,
                  guards.inFlight(p),
                  guards.maxConcurrent(p),
                  guards.sharedLimit(p),
                  recentFailures.of(p));
            })
        .toList();
  }

  /**
   * Provider calls running on this node at {@code provider} right now (at most its share of
   * threads).
   */
  int callsRunning(String provider) {
    return calls.running(provider);
  }

  /** Makes the loop look for work now instead of at its next poll. */
  void wake() {
    loop.wake();
  }

  /**
   * One synchronous round, for tests and tools: expires overdue executions, then claims and runs
   * everything due at {@code now}, batch by batch, until nothing due is left, waiting for the
   * provider calls it made. Returns how many executions were run.
   */
  public int runOnce(Instant now) {
    synchronousRounds.incrementAndGet();
    try {
      return loop.runOnce(now);
    } finally {
      synchronousRounds.decrementAndGet();
    }
  }

  /**
   * Expiry every second, lease heartbeats every third of a lease, idempotency purge every minute.
   */
  private void housekeeping(Instant now, boolean forced) {
    if (forced || Duration.between(lastSweep, now).compareTo(Duration.ofSeconds(1)) >= 0) {
      lastSweep = now;
      expireDue(now);
    }
    if (Duration.between(lastHeartbeat, now).compareTo(settings.lease().dividedBy(3)) >= 0) {
      lastHeartbeat = now;
      lifecycle.extendLeases(settings.nodeId(), List.copyOf(inFlight), now.plus(settings.lease()));
    }
    if (Duration.between(lastPurge, now).compareTo(Duration.ofMinutes(1)) >= 0) {
      lastPurge = now;
      service.purgeExpiredIdempotencyKeys(now);
    }
  }

  /**
   * Expires active executions past their {@code expires_at} (aborting their calls); returns how
   * many.
   */
  int expireDue(Instant now) {
    return expiry.expireDue(now);
  }

  /**
   * Claims due work and, in the same transaction, opens the attempt of each execution whose route
   * is decided now (the provider's breaker, bulkhead and call slots admit it), so claiming and
   * starting an attempt cost one commit for the whole batch.
   */
  private List<Job> claim(Instant now, int limit) {
    Map<String, RoutePlan.Choice> decided = new java.util.HashMap<>();
    List<ClaimedWork> claimed;
    try {
      claimed =
          lifecycle.claim(
              settings.nodeId(),
              now,
              limit,
              now.plus(settings.lease()),
              c -> {
                RoutePlan.Choice choice = decide(c, now);
                if (choice == null) {
                  return null;
                }
                decided.put(c.execution().id(), choice);
                return choice instanceof RoutePlan.Admitted a ? start(a) : null;
              });
    } catch (RuntimeException ex) {
      decided.forEach(this::giveBack); // nothing was claimed: the reservations go back
      throw ex;
    }
    List<Job> jobs = new java.util.ArrayList<>(claimed.size());
    for (ClaimedWork w : claimed) {
      inFlight.add(w.execution().id());
      RoutePlan.Choice choice = decided.get(w.execution().id());
      if (choice instanceof RoutePlan.Admitted && !w.started()) {
        giveBack(w.execution().id(), choice);
        choice = null;
      }
      jobs.add(new Job(w.claimed(), choice, w.started()));
    }
    return jobs;
  }

  /**
   * The route for a claimed execution's next attempt, or null when it is not a fresh attempt (its
   * provider has the job, it is past its expiry, its model is gone: {@link #next} handles those).
   */
  private RoutePlan.Choice decide(Claimed c, Instant now) {
    Execution e = c.execution();
    Optional<ModelDefinition> model = catalog.find(e.model());
    if (model.isEmpty() || !e.expiresAt().isAfter(now) || e.providerJobId() != null) {
      return null;
    }
    return plan.choose(e, model.get(), c.routeAttempts(), now);
  }

  /** The attempt an admitted choice opens. */
  private static ExecutionLifecycle.Start start(RoutePlan.Admitted a) {
    return new ExecutionLifecycle.Start(
        a.routeIndex(), a.routeAttempts(), a.provider().name(), a.route().providerModel());
  }

  /** Gives back what an admitted choice reserved (a call slot, a bulkhead permit). */
  private void giveBack(String executionId, RoutePlan.Choice choice) {
    if (choice instanceof RoutePlan.Admitted a) {
      calls.unreserve(a.provider().name());
      guards.release(executionId);
    }
  }

  /**
   * Runs one claimed execution's next step; the stage completes when its outcome is handed over,
   * with the trailing settlement as its value when there is one (the worker slot is free then; the
   * execution stays leased to this node until the settlement commits).
   */
  private CompletionStage<?> runClaimed(Job job) {
    Execution e = job.claimed().execution();
    CompletableFuture<?> step;
    try {
      step = next(job);
    } catch (RuntimeException ex) {
      step = CompletableFuture.failedFuture(ex);
    }
    return step.handle(
        (v, t) -> {
          if (t != null) {
            finished(e, t);
            return null;
          }
          if (v instanceof CompletableFuture<?> settlement) {
            return settlement.handle(
                (x, y) -> {
                  finished(e, y);
                  return null;
                });
          }
          finished(e, null);
          return v;
        });
  }

  private void finished(Execution e, Throwable t) {
    if (t != null) {
      unexpected(e, t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
    }
    inFlight.remove(e.id());
  }

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** Claimed, but put back without running (see {@link ClaimLoop.Work#runAsync}). */
  private static final CompletableFuture<Boolean> PUT_BACK =
      CompletableFuture.completedFuture(false);

  private CompletableFuture<?> next(Job job) {
    Claimed c = job.claimed();
    Execution e = c.execution();
    Optional<ModelDefinition> found = catalog.find(e.model());
    if (found.isEmpty()) {
      giveBack(e.id(), job.choice());
      lifecycle.fail(
          e, new ExecutionError(ErrorCode.MODEL_UNAVAILABLE, "Model is no longer in the catalog"));
      return DONE;
    }
    ModelDefinition model = found.get();
    Instant now = clock.instant();
    Duration left = Duration.between(now, e.expiresAt());
    if (left.isNegative() || left.isZero()) {
      giveBack(e.id(), job.choice());
      lifecycle.expire(e); // nothing goes to a provider after expires_at
      return DONE;
    }
    if (e.providerJobId() != null) {
      return poll(c, model, now, left);
    }
    RoutePlan.Choice choice =
        job.choice() != null ? job.choice() : plan.choose(e, model, c.routeAttempts(), now);
    if (choice instanceof RoutePlan.Unconfigured) {
      lifecycle.fail(
          e,
          new ExecutionError(
              ErrorCode.MODEL_UNAVAILABLE, "No configured provider can run this model"));
      return DONE;
    }
    if (choice instanceof RoutePlan.Unavailable) {
      lifecycle.fail(
          e,
          lifecycle
              .lastAttemptError(e.id())
              .orElse(
                  new ExecutionError(
                      ErrorCode.SERVICE_UNAVAILABLE, "No route can run this model right now")));
      return DONE;
    }
    if (choice instanceof RoutePlan.Busy busy) {
      // a synchronous round waits for its calls before claiming again, so an execution that only
      // found the calls busy is due again in the same round
      Instant at = busy.callsOnly() && synchronousRounds.get() > 0 ? now : busy.at();
      lifecycle.retryLater(e, settings.nodeId(), at, null);
      loop.wakeAt(at);
      return PUT_BACK;
    }
    RoutePlan.Admitted a = (RoutePlan.Admitted) choice;
    Provider provider = a.provider();
    Instant started = job.started() ? c.attemptStartedAt() : now;
    if (!job.started()) {
      try {
        e = lifecycle.startAttempt(e, settings.nodeId(), start(a), now);
      } catch (RuntimeException ex) {
        giveBack(e.id(), a);
        throw ex;
      }
    }
    Execution attempting = e;
    var attempt =
        new AttemptOutcomes.Attempt(attempting, model, a.routeIndex(), a.routeAttempts(), provider);
    return call(
        attempt,
        plan.attemptTimeout(model, left),
        () ->
            provider.start(
                requests.withFiles(
                    attempting,
                    model,
                    a.route(),
                    started,
                    clock.instant(),
                    attempting.attempts())));
  }

  /** Asks the provider how the job of an awaited execution is doing. */
  private CompletableFuture<?> poll(Claimed c, ModelDefinition model, Instant now, Duration left) {
    Execution e = c.execution();
    int routeIndex = Math.min(e.routeIndex(), model.routes().size() - 1);
    Route route = model.routes().get(routeIndex);
    Provider provider = providers.get(route.provider());
    var attempt = new AttemptOutcomes.Attempt(e, model, routeIndex, c.routeAttempts(), provider);
    if (provider == null) {
      return CompletableFuture.completedFuture(
          outcomes.failed(
              attempt,
              new ProviderException(
                  ErrorCode.MODEL_UNAVAILABLE, "The route's provider is not configured")));
    }
    if (!calls.tryReserve(provider.name())) {
      Instant later = now.plus(settings.pollInterval());
      lifecycle.awaitProvider(e, settings.nodeId(), e.status(), e.providerJobId(), later);
      loop.wakeAt(later);
      return DONE;
    }
    Instant started = c.attemptStartedAt() == null ? now : c.attemptStartedAt();
    return call(
        attempt,
        plan.attemptTimeout(model, left),
        () ->
            provider.poll(
                requests.withFiles(e, model, route, started, clock.instant(), e.attempts()),
                e.providerJobId()));
  }

  /**
   * Runs a provider call in its reserved slot and hands the outcome over on a worker thread; the
   * future's value is the trailing settlement, if any.
   */
  private CompletableFuture<?> call(
      AttemptOutcomes.Attempt a, Duration timeout, Callable<ProviderOutcome> request) {
    Provider provider = a.provider();
    long t0 = System.nanoTime();
    return calls
        .submit(a.execution().id(), provider.name(), timeout, request)
        .handleAsync(
            (outcome, t) -> {
              Throwable failure =
                  t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
              if (failure instanceof ProviderCalls.Aborted) {
                guards.release(
                    a.execution()
                        .id()); // cancelled or expired meanwhile: the lifecycle already moved it
                return null;
              }
              if (failure == null) {
                metrics.providerCall(provider.name(), "ok", System.nanoTime() - t0);
                return outcomes.succeeded(a, outcome);
              }
              if (ExecutionLifecycle.isDatabaseFailure(failure)) {
                throw failure instanceof RuntimeException r ? r : new CompletionException(failure);
              }
              ProviderException classified =
                  failure instanceof ProviderCalls.TimedOut timedOut
                      ? timedOut.failure()
                      : provider.classify(failure);
              metrics.providerCall(
                  provider.name(), classified.code().name(), System.nanoTime() - t0);
              return outcomes.failed(a, classified);
            },
            loop::execute);
  }

  /**
   * What to do when handing over failed for a reason that is not the provider's: a concurrent move
   * (someone else got there first) changes nothing; our database being unavailable leaves the
   * execution to its lease, so it resumes later instead of failing; anything else is a bug and
   * fails the execution with INTERNAL_ERROR.
   */
  private void unexpected(Execution e, Throwable t) {
    guards.release(e.id());
    if (t instanceof ConcurrentTransitionException) {
      LOG.debug("execution {}: {}", e.id(), t.getMessage());
      return;
    }
    if (ExecutionLifecycle.isDatabaseFailure(t)) {
      LOG.warn(
          "execution {}: database unavailable ({}); it resumes once its lease runs out",
          e.id(),
          t.toString());
      return;
    }
    LOG.error("execution {} failed unexpectedly", e.id(), t);
    try {
      lifecycle.fail(e, new ExecutionError(ErrorCode.INTERNAL_ERROR, "Internal error"));
    } catch (RuntimeException ex) {
      LOG.warn(
          "execution {}: could not record the failure; it resumes once its lease runs out",
          e.id(),
          ex);
    }
  }

  /** What became of a provider callback. */
  public enum CallbackResult {
    /** Taken in: the execution moved on (or the provider said it is still running). */
    ACCEPTED,
    /** For a finished execution or an earlier attempt: logged, changes nothing, charges nothing. */
    IGNORED,
    /** The execution is being worked on right now; the result will be fetched by polling. */
    DEFERRED,
    /** The provider's own verification failed; the execution will be polled instead. */
    REFUSED
  }

  /**
   * Answers {@code POST /v1/providers/{provider}/callback/{token}} ({@link ProviderCallbacks}).
   *
   * @throws io.modelroute.ModelRouteException FORBIDDEN for a token that is not ours, NOT_FOUND for
   *     an unknown execution
   */
  public CallbackResult onCallback(
      String providerName, String token, Map<String, String> headers, byte[] body) {
    return providerCallbacks.onCallback(providerName, token, headers, body);
  }

  /**
   * Asks the provider to stop the job of a cancelled or expired execution, on the provider's
   * threads.
   */
  private void cancelAtProvider(Execution e) {
    catalog
        .find(e.model())
        .ifPresent(
            model -> {
              Route route = model.routes().get(Math.min(e.routeIndex(), model.routes().size() - 1));
              Provider provider = providers.get(route.provider());
              if (provider == null) {
                return;
              }
              calls.runDetached(
                  provider.name(),
                  settings.maxAttemptTimeout(),
                  () -> {
                    try {
                      Instant now = clock.instant();
                      provider.cancel(requests.plain(e, model, route, now, now), e.providerJobId());
                    } catch (RuntimeException ex) {
                      LOG.info(
                          "cancel of {} at {} failed (ignored): {}",
                          e.id(),
                          provider.name(),
                          ex.toString());
                    }
                  });
            });
  }

  /**
   * Stops claiming, waits up to {@code grace} for running work, aborts calls still running, then
   * gives this node's leases back so other nodes take the work over at once.
   */
  public void shutdown(Duration grace) {
    loop.shutdown(grace);
    calls.close();
    try {
      lifecycle.releaseLeases(settings.nodeId());
    } catch (RuntimeException e) {
      LOG.warn("could not release leases on shutdown", e);
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }
}
