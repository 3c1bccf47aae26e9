package io.modelroute.worker;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.modelroute.worker.internal.ProviderPermits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breakers and bulkheads of this node, and which execution holds which permit.
 *
 * <ul>
 *   <li>A <b>circuit breaker per (provider, provider model)</b> (resilience4j), so one failing
 *       model does not stall the provider's other models: {@link ProviderLimits#failureThreshold()}
 *       consecutive retryable failures open it (a count window of that size at a 100 % failure
 *       rate); after {@link ProviderLimits#openDuration()} one half-open probe is let through: its
 *       success closes the circuit, its failure opens it again for a full period.
 *   <li>A <b>bulkhead per provider</b> (resilience4j, semaphore): at most {@link
 *       ProviderLimits#maxConcurrentFor(int)} attempts in flight on this node, by default three
 *       quarters of the worker pool.
 *   <li>A <b>cluster-wide permit</b> ({@link ProviderPermits}) on top of the bulkhead, for
 *       providers with a configured finite {@link ProviderLimits#maxConcurrent()} when the nodes
 *       share the limit: then at most that many attempts are in flight at the provider across all
 *       nodes together. Other providers (the local {@code demo} one, defaults) cost no statement.
 * </ul>
 *
 * <p>An admitted attempt holds its bulkhead permit and its breaker permission until {@link
 * #release}: the call returns a result or a failure, or the job it started finishes, is cancelled
 * or expires. A breaker permission whose attempt never reported an outcome ({@link #success}/{@link
 * #failure}) — e.g. the execution was cancelled between admission and start — is given back on
 * release, so a half-open probe can never be lost. A permit still held after its {@code holdUntil}
 * (the execution's expiry: a release this node never saw, e.g. the execution was cancelled or taken
 * over on another node) is reclaimed when the bulkhead is full. Times come from the clock given, so
 * tests drive the breakers with a settable clock. Thread-safe.
 */
final class ProviderGuards {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderGuards.class);

  /** Recorded as the failure; the breaker counts failures, it never looks at them. */
  private static final RuntimeException RETRYABLE_FAILURE =
      new RuntimeException("retryable provider failure", null, false, false) {};

  /** A breaker's key. */
  private record Key(String provider, String providerModel) {}

  /**
   * An admitted attempt: its bulkhead, its breaker and whether the breaker still awaits its
   * outcome.
   */
  private record Hold(
      String provider, Key key, Instant until, AtomicBoolean outcomePending, int permit) {
    Hold withoutPermit() {
      return new Hold(provider, key, until, outcomePending, ProviderPermits.NO_PERMIT);
    }
  }

  private final Map<String, ProviderLimits> limits;
  private final int workers;
  private final Clock clock;
  private final ProviderPermits permits;
  private final ConcurrentHashMap<Key, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Hold> held = new ConcurrentHashMap<>();

  /**
   * @param limits settings by provider name; others get {@link ProviderLimits#DEFAULTS}
   * @param workers the node's worker pool size, from which default bulkheads are derived
   */
  ProviderGuards(Map<String, ProviderLimits> limits, int workers, Clock clock) {
    this(limits, workers, clock, ProviderPermits.NONE);
  }

  /**
   * @param permits the permits shared with other nodes, for providers with a configured finite
   *     limit
   */
  ProviderGuards(
      Map<String, ProviderLimits> limits, int workers, Clock clock, ProviderPermits permits) {
    this.limits = Map.copyOf(limits);
    this.workers = workers;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.permits = Objects.requireNonNull(permits, "permits");
  }

  /**
   * The cluster-wide limit of {@code provider}, or 0 when it has none: the permits are not shared,
   * or its limit is not configured, derived from the pool or unbounded.
   */
  int sharedLimit(String provider) {
    ProviderLimits l = limits.get(provider);
    if (!permits.shared()
        || l == null
        || l.maxConcurrent() == ProviderLimits.FROM_WORKERS
        || l.maxConcurrent() == Integer.MAX_VALUE) {
      return 0;
    }
    return l.maxConcurrent();
  }

  ProviderLimits limits(String provider) {
    return limits.getOrDefault(provider, ProviderLimits.DEFAULTS);
  }

  /** The bulkhead size in effect for {@code provider} on this node. */
  int maxConcurrent(String provider) {
    return limits(provider).maxConcurrentFor(workers);
  }

  /**
   * Admits an attempt of {@code executionId} at {@code provider}'s {@code providerModel} if that
   * model's circuit lets it through and the provider's bulkhead has room; the permit is then held
   * until {@link #release}, or reclaimed once {@code holdUntil} has passed.
   */
  boolean tryAdmit(String executionId, String provider, String providerModel, Instant holdUntil) {
    Key key = new Key(provider, providerModel);
    CircuitBreaker breaker = breaker(key);
    if (!breaker.tryAcquirePermission()) {
      return false;
    }
    Bulkhead bulkhead = bulkhead(provider);
    if (!bulkhead.tryAcquirePermission()
        && (reclaimExpired(provider) == 0 || !bulkhead.tryAcquirePermission())) {
      breaker.releasePermission();
      return false;
    }
    int permit = ProviderPermits.NO_PERMIT;
    int shared = sharedLimit(provider);
    Hold stale = held.get(executionId);
    boolean reused = false;
    if (shared > 0
        && stale != null
        && stale.provider().equals(provider)
        && stale.permit() != ProviderPermits.NO_PERMIT) {
      permit =
          stale.permit(); // the execution's own slot, still held: a second would count it twice
      // against the cluster
      reused = true;
    } else if (shared > 0) {
      try {
        permit = permits.tryAcquire(provider, shared, executionId);
      } catch (RuntimeException e) {
        LOG.warn("could not take a {} permit for {}: {}", provider, executionId, e.toString());
      }
      if (permit == ProviderPermits.NO_PERMIT) {
        bulkhead.onComplete();
        breaker.releasePermission();
        return false;
      }
    }
    Hold previous =
        held.put(executionId, new Hold(provider, key, holdUntil, new AtomicBoolean(true), permit));
    if (previous != null) {
      giveBack(
          executionId, reused && previous.permit() == permit ? previous.withoutPermit() : previous);
    }
    return true;
  }

  /**
   * Gives back the execution's permit (and an unused breaker permission), if this node holds one;
   * idempotent.
   */
  boolean release(String executionId) {
    Hold hold = held.remove(executionId);
    if (hold == null) {
      return false;
    }
    giveBack(executionId, hold);
    return true;
  }

  /**
   * The provider answered for the execution's attempt at this model (incl. a non-retryable "no"
   * about the request).
   */
  void success(String executionId, String provider, String providerModel) {
    Key key = new Key(provider, providerModel);
    outcomeReported(executionId, key);
    breaker(key).onSuccess(0, TimeUnit.NANOSECONDS);
  }

  /** A retryable failure of the provider model (not of the request) for the execution's attempt. */
  void failure(String executionId, String provider, String providerModel) {
    Key key = new Key(provider, providerModel);
    outcomeReported(executionId, key);
    breaker(key).onError(0, TimeUnit.NANOSECONDS, RETRYABLE_FAILURE);
  }

  /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN} for one provider model on this node. */
  String circuitState(String provider, String providerModel) {
    CircuitBreaker breaker = breakers.get(new Key(provider, providerModel));
    return breaker == null ? "CLOSED" : state(breaker);
  }

  /**
   * The state of a provider as a whole: {@code OPEN} when every model of it this node has called is
   * open, {@code CLOSED} when all are closed (or none was called), {@code HALF_OPEN} otherwise
   * (some models open or probing while others work).
   */
  String circuitState(String provider) {
    return overall(circuitStates(provider));
  }

  /**
   * The state of a provider as a whole from the states of its models ({@link
   * #circuitState(String)}).
   */
  static String overall(Map<String, String> states) {
    if (states.isEmpty() || states.values().stream().allMatch("CLOSED"::equals)) {
      return "CLOSED";
    }
    return states.values().stream().allMatch("OPEN"::equals) ? "OPEN" : "HALF_OPEN";
  }

  /**
   * The circuit state of every model of {@code provider} this node has called, by provider model.
   */
  Map<String, String> circuitStates(String provider) {
    Map<String, String> states = new TreeMap<>();
    breakers.forEach(
        (key, breaker) -> {
          if (key.provider().equals(provider)) {
            states.put(key.providerModel(), state(breaker));
          }
        });
    return states;
  }

  /** Attempts this node has in flight at {@code provider}. */
  int inFlight(String provider) {
    Bulkhead bulkhead = bulkheads.get(provider);
    if (bulkhead == null) {
      return 0;
    }
    Bulkhead.Metrics m = bulkhead.getMetrics();
    return m.getMaxAllowedConcurrentCalls() - m.getAvailableConcurrentCalls();
  }

  private void outcomeReported(String executionId, Key key) {
    Hold hold = held.get(executionId);
    if (hold != null && hold.key().equals(key)) {
      hold.outcomePending().set(false);
    }
  }

  private void giveBack(String executionId, Hold hold) {
    bulkhead(hold.provider()).onComplete();
    if (hold.permit() != ProviderPermits.NO_PERMIT) {
      permits.release(hold.provider(), hold.permit(), executionId);
    }
    if (hold.outcomePending().compareAndSet(true, false)) {
      breaker(hold.key()).releasePermission();
    }
  }

  /** Releases the provider's permits held past their execution's expiry; returns how many. */
  private int reclaimExpired(String provider) {
    Instant now = clock.instant();
    int reclaimed = 0;
    for (Map.Entry<String, Hold> e : held.entrySet()) {
      Hold hold = e.getValue();
      if (hold.provider().equals(provider)
          && hold.until().isBefore(now)
          && held.remove(e.getKey(), hold)) {
        LOG.warn(
            "reclaimed the {} bulkhead permit of {}, held past its expiry {}",
            provider,
            e.getKey(),
            hold.until());
        giveBack(e.getKey(), hold);
        reclaimed++;
      }
    }
    return reclaimed;
  }

  private static String state(CircuitBreaker breaker) {
    return switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> "OPEN";
      case HALF_OPEN -> "HALF_OPEN";
      default -> "CLOSED";
    };
  }

  private CircuitBreaker breaker(Key key) {
    return breakers.computeIfAbsent(
        key,
        k -> {
          ProviderLimits l = limits(k.provider());
          Duration open = l.openDuration().toMillis() < 1 ? Duration.ofMillis(1) : l.openDuration();
          CircuitBreakerConfig config =
              CircuitBreakerConfig.custom()
                  .slidingWindow(
                      l.failureThreshold(),
                      l.failureThreshold(),
                      CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                  .failureRateThreshold(100)
                  .slowCallRateThreshold(100)
                  .slowCallDurationThreshold(Duration.ofDays(365))
                  .waitDurationInOpenState(open)
                  .permittedNumberOfCallsInHalfOpenState(1)
                  .automaticTransitionFromOpenToHalfOpenEnabled(false)
                  .writableStackTraceEnabled(false)
                  .clock(clock)
                  .build();
          return CircuitBreaker.of(k.provider() + "/" + k.providerModel(), config);
        });
  }

  private Bulkhead bulkhead(String provider) {
    return bulkheads.computeIfAbsent(
        provider,
        p ->
            Bulkhead.of(
                p,
                BulkheadConfig.custom()
                    .maxConcurrentCalls(maxConcurrent(p))
                    .maxWaitDuration(Duration.ZERO)
                    .writableStackTraceEnabled(false)
                    .build()));
  }
}
