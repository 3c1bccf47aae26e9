package io.modelroute.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.Route;
import io.modelroute.execution.EventType;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionError;
import io.modelroute.execution.ExecutionListener;
import io.modelroute.execution.ExecutionService;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.execution.ExecutionWatch;
import io.modelroute.provider.ProgressListener;
import io.modelroute.execution.JdbiEventStore;
import io.modelroute.execution.JdbiExecutionStore;
import io.modelroute.execution.JdbiExecutionStore.Claimed;
import io.modelroute.file.FileService;
import io.modelroute.metrics.EngineMetrics;
import io.modelroute.file.StoredFile;
import io.modelroute.provider.InputFile;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due executions with leases and runs them against their providers on a bounded pool.
 *
 * <p>A background loop ({@link #start()}) claims work when woken by a submit on this node, when a
 * parked execution falls due, or every {@link DispatcherSettings#pollInterval()}. Tests drive it
 * by hand with {@link #runOnce(Instant)} and a settable clock. Provider calls happen outside any
 * transaction; every state change is a conditional update, so a late or duplicate result after
 * a cancel, expiry or takeover by another node changes nothing. Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final int EXPIRY_BATCH = 100;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Jdbi jdbi;
  private final JdbiExecutionStore executions;
  private final JdbiEventStore events;
  private final ExecutionService service;
  private final Catalog catalog;
  private final Map<String, Provider> providers;
  private final FileService files;
  private final Clock clock;
  private final DispatcherSettings settings;
  private final ProviderGuards guards;
  private final ExecutionWatch watch;
  private final EngineMetrics metrics;
  private final CallbackUrls callbacks;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ClaimLoop<Claimed> loop;
  private volatile Instant lastSweep = Instant.EPOCH;
  private volatile Instant lastPurge = Instant.EPOCH;
  private volatile Instant lastHeartbeat = Instant.EPOCH;

  public Dispatcher(
      Jdbi jdbi,
      JdbiExecutionStore executions,
      JdbiEventStore events,
      ExecutionService service,
      Catalog catalog,
      Map<String, Provider> providers,
      FileService files,
      Clock clock,
      DispatcherSettings settings,
      Map<String, ProviderLimits> providerLimits,
      ExecutionWatch watch,
      EngineMetrics metrics,
      CallbackUrls callbacks) {
    this.jdbi = jdbi;
    this.executions = executions;
    this.events = events;
    this.service = service;
    this.catalog = catalog;
    this.providers = Map.copyOf(providers);
    this.files = files;
    this.clock = clock;
    this.settings = settings;
    this.guards = new ProviderGuards(providerLimits, settings.threads(), clock);
    this.watch = watch;
    this.metrics = metrics;
    this.callbacks = callbacks;
    this.loop = new ClaimLoop<>("modelroute-worker", settings.threads(), settings.pollInterval(), clock,
        new ClaimLoop.Work<>() {
          @Override
          public List<Claimed> claim(Instant now, int limit) {
            return Dispatcher.this.claim(now, limit);
          }

          @Override
          public void run(Claimed item, Instant now) {
            runClaimed(item, now);
          }

          @Override
          public void housekeeping(Instant now, boolean forced) {
            Dispatcher.this.housekeeping(now, forced);
          }
        });
    service.addListener(new ExecutionListener() {
      @Override
      public void created(Execution execution) {
        wake();
      }

      @Override
      public void changed(Execution e, EventType type) {
        if (type != EventType.STARTED && guards.release(e.id())) {
          wake();
        }
        if (type == EventType.CANCELLED && e.providerJobId() != null) {
          loop.execute(() -> cancelAtProvider(e));
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
    int recovered = jdbi.withHandle(h -> executions.releaseLeases(h, settings.nodeId()));
    if (recovered > 0) {
      LOG.info("released {} leases left by a previous run of node {}", recovered, settings.nodeId());
    }
    loop.start();
  }

  /** Whether the background loop is running. */
  public boolean isRunning() {
    return loop.isRunning();
  }

  /**
   * The circuit state of a provider on this node as a whole: {@code OPEN} when every one of its
   * models this node has called is open, {@code CLOSED} when all are closed, else {@code HALF_OPEN}.
   */
  public String circuitState(String provider) {
    return guards.circuitState(provider);
  }

  /** The circuit state of one provider model on this node: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
  public String circuitState(String provider, String providerModel) {
    return guards.circuitState(provider, providerModel);
  }

  /** The circuit state of every model of a provider this node has called, by provider model. */
  public Map<String, String> circuitStates(String provider) {
    return guards.circuitStates(provider);
  }

  /** Attempts this node has in flight at a provider (its bulkhead's used permits). */
  public int inFlight(String provider) {
    return guards.inFlight(provider);
  }

  /** Makes the loop look for work now instead of at its next poll. */
  public void wake() {
    loop.wake();
  }

  /**
   * One synchronous round, for tests and tools: expires overdue executions, then claims and runs
   * everything due at {@code now}, batch by batch, until nothing due is left. Returns how many
   * executions were run.
   */
  public int runOnce(Instant now) {
    return loop.runOnce(now);
  }

  /** Expiry every second, lease heartbeats every third of a lease, idempotency purge every minute. */
  private void housekeeping(Instant now, boolean forced) {
    if (forced || Duration.between(lastSweep, now).compareTo(Duration.ofSeconds(1)) >= 0) {
      lastSweep = now;
      expireDue(now);
    }
    if (Duration.between(lastHeartbeat, now).compareTo(settings.lease().dividedBy(3)) >= 0) {
      lastHeartbeat = now;
      heartbeat(now);
    }
    if (Duration.between(lastPurge, now).compareTo(Duration.ofMinutes(1)) >= 0) {
      lastPurge = now;
      service.purgeExpiredIdempotencyKeys(now);
    }
  }

  private List<Claimed> claim(Instant now, int limit) {
    return jdbi.inTransaction(h -> {
      List<Claimed> claimed =
          executions.claimDue(h, now, limit, settings.nodeId(), now.plus(settings.lease()));
      for (Claimed c : claimed) {
        if (c.previousStatus() == ExecutionStatus.PENDING) {
          events.insert(h, EventType.STARTED, c.execution(), now);
        }
      }
      return claimed;
    }).stream().peek(c -> {
      inFlight.add(c.execution().id());
      if (c.previousStatus() == ExecutionStatus.PENDING) {
        service.notifyChanged(c.execution(), EventType.STARTED);
      }
    }).toList();
  }

  private void heartbeat(Instant now) {
    List<String> ids = List.copyOf(inFlight);
    if (!ids.isEmpty()) {
      jdbi.useHandle(h -> executions.extendLeases(h, settings.nodeId(), ids, now.plus(settings.lease())));
    }
  }

  private void runClaimed(Claimed c, Instant now) {
    Execution e = c.execution();
    try {
      Optional<ModelDefinition> model = catalog.find(e.model());
      if (model.isEmpty()) {
        service.fail(e, ExecutionStatus.FAILED,
            new ExecutionError(ErrorCode.MODEL_UNAVAILABLE, "Model is no longer in the catalog"));
        return;
      }
      process(c, model.get(), now);
    } catch (RuntimeException ex) {
      LOG.error("execution {} failed unexpectedly", e.id(), ex);
      service.fail(e, ExecutionStatus.FAILED, new ExecutionError(ErrorCode.INTERNAL_ERROR, "Internal error"));
    } finally {
      inFlight.remove(e.id());
    }
  }

  /** The route an attempt goes to: its index, provider and tries on it including this one. */
  private record Choice(int routeIndex, Route route, Provider provider, int routeAttempts) {}

  /** A provider's call back: its headers and raw body. */
  private record Callback(Map<String, String> headers, byte[] body) {}

  private void process(Claimed c, ModelDefinition model, Instant now) {
    process(c, model, now, null);
  }

  private void process(Claimed c, ModelDefinition model, Instant now, Callback callback) {
    Execution e = c.execution();
    Provider provider;
    Route route;
    int routeIndex;
    ProviderOutcome outcome;
    if (e.providerJobId() != null) {
      routeIndex = Math.min(e.routeIndex(), model.routes().size() - 1);
      route = model.routes().get(routeIndex);
      provider = providers.get(route.provider());
      if (provider == null) {
        fallThrough(e, model, routeIndex, c.routeAttempts(), now, new ProviderException(
            ErrorCode.MODEL_UNAVAILABLE, "Provider '" + route.provider() + "' is not configured"));
        return;
      }
      long t0 = System.nanoTime();
      try {
        Instant started = c.attemptStartedAt() == null ? now : c.attemptStartedAt();
        ProviderRequest req = requestWithFiles(e, model, route, started, now, e.attempts());
        outcome = callback == null
            ? provider.poll(req, e.providerJobId())
            : provider.callback(req, e.providerJobId(), callback.headers(), callback.body());
        metrics.providerCall(provider.name(), "ok", System.nanoTime() - t0);
      } catch (RuntimeException ex) {
        ProviderException failure = provider.classify(ex);
        if (callback != null && failure.code() == ErrorCode.INTERNAL_ERROR) {
          LOG.warn("callback for {} refused by {}: {}", e.id(), provider.name(), failure.getMessage());
          throw new CallbackRefused(ex);
        }
        metrics.providerCall(provider.name(), failure.code().name(), System.nanoTime() - t0);
        attemptFailed(e, model, routeIndex, c.routeAttempts(), provider, now, ex);
        return;
      }
    } else {
      Choice choice = choose(e, model, c.routeAttempts(), now);
      if (choice == null) {
        return;
      }
      provider = choice.provider();
      route = choice.route();
      routeIndex = choice.routeIndex();
      boolean started = jdbi.inTransaction(h -> {
        if (!executions.startAttempt(h, e.id(), settings.nodeId(), choice.routeIndex(), choice.routeAttempts(),
            choice.provider().name(), now)) {
          return false;
        }
        executions.insertAttempt(h, e.id(), e.attempts() + 1, choice.provider().name(),
            choice.route().providerModel(), settings.nodeId(), now);
        return true;
      });
      if (!started) {
        guards.release(e.id());
        return;
      }
      long t0 = System.nanoTime();
      try {
        outcome = provider.start(requestWithFiles(e, model, route, now, now, e.attempts() + 1));
        metrics.providerCall(provider.name(), "ok", System.nanoTime() - t0);
      } catch (RuntimeException ex) {
        metrics.providerCall(provider.name(), provider.classify(ex).code().name(), System.nanoTime() - t0);
        attemptFailed(e, model, routeIndex, choice.routeAttempts(), provider, now, ex);
        return;
      }
    }
    guards.success(e.id(), provider.name(), route.providerModel());
    if (outcome instanceof ProviderOutcome.Pending p) {
      if (p.percent() != null) {
        watch.progress(e.id(), p.percent());
      }
      ExecutionStatus parked = p.awaitingCallback() ? ExecutionStatus.AWAITING_WEBHOOK : ExecutionStatus.PROCESSING;
      Instant next = now.plus(p.pollAfter());
      jdbi.useTransaction(h -> {
        if (executions.park(h, e.id(), settings.nodeId(), parked, p.jobId(), next)) {
          executions.noteAttemptJob(h, e.id(), p.jobId());
        }
      });
      scheduleWake(next);
    } else if (outcome instanceof ProviderOutcome.Completed done) {
      complete(e, model, done);
      guards.release(e.id());
    }
  }

  /**
   * Picks the first route from the execution's current one whose provider is configured, whose
   * circuit is not open and whose bulkhead has room, and takes its permit. When none can take the
   * attempt now, parks the execution briefly (or fails it when no route has a configured
   * provider) and returns null.
   */
  private Choice choose(Execution e, ModelDefinition model, int routeAttemptsSoFar, Instant now) {
    int from = Math.min(e.routeIndex(), model.routes().size() - 1);
    boolean anyConfigured = false;
    for (int i = from; i < model.routes().size(); i++) {
      Route route = model.routes().get(i);
      Provider provider = providers.get(route.provider());
      if (provider == null) {
        continue;
      }
      anyConfigured = true;
      if (guards.tryAdmit(e.id(), provider.name(), route.providerModel(), e.expiresAt())) {
        return new Choice(i, route, provider, i == from ? routeAttemptsSoFar + 1 : 1);
      }
    }
    if (!anyConfigured) {
      service.fail(e, ExecutionStatus.FAILED, new ExecutionError(ErrorCode.MODEL_UNAVAILABLE,
          "No configured provider can run this model"));
      return null;
    }
    Instant next = now.plus(settings.pollInterval());
    jdbi.useHandle(h -> executions.park(h, e.id(), settings.nodeId(), ExecutionStatus.PROCESSING, null, next));
    scheduleWake(next);
    return null;
  }

  private void attemptFailed(Execution e, ModelDefinition model, int routeIndex, int triesOnRoute,
      Provider provider, Instant now, RuntimeException ex) {
    ProviderException failure = provider.classify(ex);
    LOG.info("execution {} attempt on {} failed: {} {}", e.id(), provider.name(), failure.code(), failure.getMessage());
    String providerModel = model.routes().get(routeIndex).providerModel();
    if (failure.retryable()) {
      guards.failure(e.id(), provider.name(), providerModel);
    } else {
      guards.success(e.id(), provider.name(), providerModel); // the provider answered; the request was at fault
    }
    guards.release(e.id());
    jdbi.useHandle(h -> executions.endAttempt(h, e.id(), "FAILED", null, failure.code(), failure.getMessage(), now));
    fallThrough(e, model, routeIndex, triesOnRoute, now, failure);
  }

  private void complete(Execution e, ModelDefinition model, ProviderOutcome.Completed done) {
    ObjectNode output = NODES.objectNode();
    try {
      switch (model.category()) {
        case TEXT -> {
          output.put("text", done.text() == null ? "" : done.text());
          ObjectNode usage = output.putObject("usage");
          usage.put("input_tokens", done.usage().inputTokens());
          usage.put("output_tokens", done.usage().outputTokens());
        }
        case IMAGE -> {
          ArrayNode images = output.putArray("images");
          for (OutputMedia m : done.media()) {
            StoredFile f = files.storeOutput(e.orgId(), e.id(), m);
            ObjectNode item = images.addObject().put("file_id", f.id()).put("format", m.format());
            item.put("width", m.width());
            item.put("height", m.height());
          }
        }
        case VIDEO, AUDIO -> {
          ArrayNode list = output.putArray(model.category() == io.modelroute.catalog.Category.VIDEO ? "videos" : "audio");
          for (OutputMedia m : done.media()) {
            StoredFile f = files.storeOutput(e.orgId(), e.id(), m);
            ObjectNode item = list.addObject().put("file_id", f.id()).put("format", m.format());
            item.put("duration_s", m.durationSeconds());
          }
        }
      }
    } catch (IOException | RuntimeException ex) {
      LOG.error("execution {}: storing the output failed", e.id(), ex);
      service.fail(e, ExecutionStatus.FAILED,
          new ExecutionError(ErrorCode.INTERNAL_ERROR, "Storing the result failed"));
      return;
    }
    service.complete(e, output, model.pricing().actualCost(done.usage()));
  }

  /**
   * After a failed attempt ({@code triesOnRoute} tries on this route so far, the failed one
   * included): retry the route with backoff, fail over to the next route, or fail the execution.
   */
  private void fallThrough(
      Execution e, ModelDefinition model, int routeIndex, int triesOnRoute, Instant now, ProviderException failure) {
    if (!failure.retryable()) {
      service.fail(e, ExecutionStatus.FAILED, new ExecutionError(failure.code(), failure.getMessage()));
      return;
    }
    if (triesOnRoute < settings.maxAttemptsPerRoute() && providers.containsKey(model.routes().get(routeIndex).provider())) {
      Instant next = now.plus(failure.retryDelay(settings.retryBaseDelay().multipliedBy(1L << Math.min(10, triesOnRoute - 1))));
      jdbi.useHandle(h -> executions.park(h, e.id(), settings.nodeId(), ExecutionStatus.PROCESSING, null, next));
      scheduleWake(next);
    } else if (routeIndex + 1 < model.routes().size()) {
      jdbi.useTransaction(h -> {
        if (executions.moveToRoute(h, e.id(), settings.nodeId(), routeIndex + 1)) {
          executions.park(h, e.id(), settings.nodeId(), ExecutionStatus.PROCESSING, null, now);
        }
      });
      wake();
    } else {
      service.fail(e, ExecutionStatus.FAILED, new ExecutionError(failure.code(), failure.getMessage()));
    }
  }

  /** What became of a provider callback. */
  public enum CallbackResult {
    /** Handled: the execution moved on (or the provider said it is still running). */
    ACCEPTED,
    /** For a finished execution or an earlier attempt: logged, changes nothing, charges nothing. */
    IGNORED,
    /** The execution is being worked on right now; the result will be fetched by polling. */
    DEFERRED,
    /** The provider's own verification failed; the execution will be polled instead. */
    REFUSED
  }

  /**
   * Handles {@code POST /v1/providers/{provider}/callback/{token}}.
   *
   * @throws io.modelroute.ModelRouteException FORBIDDEN for a token that is not ours, NOT_FOUND
   *     for an unknown execution
   */
  public CallbackResult onCallback(String providerName, String token, Map<String, String> headers, byte[] body) {
    CallbackUrls.Token t = callbacks.verify(providerName, token).orElseThrow(() ->
        new io.modelroute.ModelRouteException(ErrorCode.FORBIDDEN, "Invalid callback token"));
    Instant now = clock.instant();
    Execution e = jdbi.withHandle(h -> executions.findById(h, t.executionId()))
        .orElseThrow(() -> io.modelroute.ModelRouteException.notFound("Execution"));
    if (e.status().isTerminal() || e.attempts() != t.attempt() || e.providerJobId() == null
        || !providerName.equals(e.provider())) {
      LOG.info("callback from {} for {} (attempt {}) ignored: execution is {} at attempt {}",
          providerName, e.id(), t.attempt(), e.status(), e.attempts());
      return CallbackResult.IGNORED;
    }
    Optional<ModelDefinition> model = catalog.find(e.model());
    Provider provider = providers.get(providerName);
    if (model.isEmpty() || provider == null) {
      return CallbackResult.IGNORED;
    }
    Optional<Claimed> claimed = jdbi.inTransaction(h ->
        executions.claimOne(h, e.id(), now, settings.nodeId(), now.plus(settings.lease())));
    if (claimed.isEmpty()) {
      return CallbackResult.DEFERRED;
    }
    inFlight.add(e.id());
    try {
      process(claimed.get(), model.get(), now, new Callback(Map.copyOf(headers), body.clone()));
      return CallbackResult.ACCEPTED;
    } catch (CallbackRefused refused) {
      jdbi.useHandle(h -> executions.park(h, e.id(), settings.nodeId(), claimed.get().execution().status(),
          e.providerJobId(), now));
      wake();
      return CallbackResult.REFUSED;
    } finally {
      inFlight.remove(e.id());
    }
  }

  /** A provider refused to trust a callback body (its own signature check failed). */
  private static final class CallbackRefused extends RuntimeException {
    CallbackRefused(Throwable cause) {
      super(cause);
    }
  }

  /** Expires active executions past their {@code expires_at}; returns how many. */
  public int expireDue(Instant now) {
    List<String> ids = jdbi.withHandle(h -> executions.findExpired(h, now, EXPIRY_BATCH));
    int expired = 0;
    for (String id : ids) {
      Optional<Execution> e = jdbi.withHandle(h -> executions.findById(h, id));
      if (e.isEmpty()) {
        continue;
      }
      Optional<Execution> done = service.fail(e.get(), ExecutionStatus.EXPIRED,
          new ExecutionError(ErrorCode.GENERATION_TIMEOUT, "Execution did not finish before it expired"));
      if (done.isPresent()) {
        expired++;
        if (e.get().providerJobId() != null) {
          loop.execute(() -> cancelAtProvider(e.get()));
        }
      }
    }
    return expired;
  }

  private void cancelAtProvider(Execution e) {
    catalog.find(e.model()).ifPresent(model -> {
      Route route = model.routes().get(Math.min(e.routeIndex(), model.routes().size() - 1));
      Provider provider = providers.get(route.provider());
      if (provider == null) {
        return;
      }
      try {
        Instant now = clock.instant();
        provider.cancel(request(e, model, route, now, now), e.providerJobId());
      } catch (RuntimeException ex) {
        LOG.info("cancel of {} at {} failed (ignored): {}", e.id(), provider.name(), ex.toString());
      }
    });
  }

  private ProviderRequest request(Execution e, ModelDefinition model, Route route, Instant started, Instant now) {
    return new ProviderRequest(e.id(), model, route, e.input(), null, started, now, listener(e));
  }

  /** Sends what the provider reports to everyone watching the execution. */
  private ProgressListener listener(Execution e) {
    return new ProgressListener() {
      @Override
      public void onProgress(int percent) {
        watch.progress(e.id(), percent);
      }

      @Override
      public void onDelta(String text) {
        watch.delta(e.id(), text);
      }
    };
  }

  /** A request with the input's files; a file deleted or expired since the submit fails it for good. */
  private ProviderRequest requestWithFiles(
      Execution e, ModelDefinition model, Route route, Instant started, Instant now, int attempt) {
    List<InputFile> inputs;
    try {
      inputs = files.inputFiles(e.orgId(), e.apiKeyId(), model, e.input());
    } catch (ModelRouteException ex) {
      throw new ProviderException(ErrorCode.FILE_NOT_FOUND, ex.getMessage(), ex);
    }
    return new ProviderRequest(e.id(), model, route, e.input(), callbacks.urlFor(route.provider(), e.id(), attempt),
        started, now, listener(e), inputs);
  }

  private void scheduleWake(Instant at) {
    loop.wakeAt(at);
  }

  /**
   * Stops claiming, waits up to {@code grace} for running work, then gives this node's leases back
   * so other nodes take the work over at once.
   */
  public void shutdown(Duration grace) {
    loop.shutdown(grace);
    try {
      jdbi.useHandle(h -> executions.releaseLeases(h, settings.nodeId()));
    } catch (RuntimeException e) {
      LOG.warn("could not release leases on shutdown", e);
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(10));
  }
}
