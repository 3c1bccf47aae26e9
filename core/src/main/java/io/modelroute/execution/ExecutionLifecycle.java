package io.modelroute.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.Money;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.execution.JdbiExecutionStore.Claimed;
import io.modelroute.execution.JdbiExecutionStore.ClaimedWork;
import io.modelroute.execution.internal.ConcurrentTransitionException;
import io.modelroute.execution.internal.JdbiEventStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal (public for the engine's other packages and the HTTP layer; not API, may change without
 * notice). The one writer of execution state after create: claim, start attempt, park (retry
 * backoff, awaiting a callback, poll later), fail over, complete, fail, cancel, expire, release
 * leases.
 *
 * <p>Every transition is checked against {@link ExecutionStatus#canMoveTo} and written as one
 * transaction: the conditional state change (the expected states in its {@code WHERE}), its
 * attempt-trail row, its outbox event (with the webhook deliveries the {@link JdbiEventStore}'s
 * listeners fan out) and, for a terminal state, the hold's single settlement. Zero rows updated
 * means someone else moved the execution first: terminal transitions then answer {@link
 * Optional#empty()}, the others throw {@link ConcurrentTransitionException}; nothing is written
 * either way. After the commit, listeners registered with {@link #addListener} hear of the change
 * on the calling thread (SYNC waiters and event streams, metrics, the dispatcher's wake-up).
 * Terminal transitions that arrive together are group-committed by a {@link SettlementQueue} (up to
 * {@link #MAX_SETTLEMENT_BATCH} per transaction; each still all-or-nothing with its event and
 * settlement). Thread-safe.
 */
public final class ExecutionLifecycle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionLifecycle.class);

  /** How a failed attempt ended, for its row in the attempt trail. */
  public record AttemptFailure(ErrorCode code, String message, Instant endedAt) {}

  private final Jdbi jdbi;
  private final JdbiExecutionStore executions;
  private final JdbiLedgerStore ledger;
  private final JdbiEventStore events;
  private final Clock clock;
  private final List<ExecutionListener> listeners = new CopyOnWriteArrayList<>();
  private final SettlementQueue settlements;

  /** Settlements that arrive together share one transaction, up to this many. */
  public static final int MAX_SETTLEMENT_BATCH = 64;

  /** Settlement batches written at once. */
  public static final int SETTLEMENT_WRITERS = 4;

  /** Wires the lifecycle; {@link io.modelroute.ModelRoute} makes the one instance. */
  ExecutionLifecycle(
      Jdbi jdbi,
      JdbiExecutionStore executions,
      JdbiLedgerStore ledger,
      JdbiEventStore events,
      Clock clock) {
    this.jdbi = jdbi;
    this.executions = executions;
    this.ledger = ledger;
    this.events = events;
    this.clock = clock;
    this.settlements =
        new SettlementQueue(
            jdbi, this::writeSettlements, clock, MAX_SETTLEMENT_BATCH, SETTLEMENT_WRITERS);
  }

  /**
   * Registers a listener for changes committed on this node; it must be quick and must not throw.
   */
  public void addListener(ExecutionListener listener) {
    listeners.add(listener);
  }

  /** The live listener list, shared with {@link ExecutionService} for {@code created}. */
  List<ExecutionListener> listeners() {
    return listeners;
  }

  /** Any organization's execution, for the engine. */
  public Optional<Execution> find(String id) {
    return jdbi.withHandle(h -> executions.findById(h, id));
  }

  /** Active executions whose {@code expires_at} has passed, oldest first. */
  public List<String> findExpired(Instant now, int limit) {
    return jdbi.withHandle(h -> executions.findExpired(h, now, limit));
  }

  /** The error of the execution's latest failed attempt, if any. */
  public Optional<ExecutionError> lastAttemptError(String id) {
    List<Map<String, Object>> trail = jdbi.withHandle(h -> executions.attempts(h, id));
    for (int i = trail.size() - 1; i >= 0; i--) {
      Object code = trail.get(i).get("error_code");
      if (code != null) {
        Object message = trail.get(i).get("error_message");
        return Optional.of(
            new ExecutionError(
                ErrorCode.valueOf(code.toString()),
                message == null ? code.toString() : message.toString()));
      }
    }
    return Optional.empty();
  }

  /**
   * Where a claimed execution's next attempt goes, decided while it is being claimed ({@link
   * #claim}).
   */
  public record Start(int routeIndex, int routeAttempts, String provider, String providerModel) {}

  /**
   * Claims up to {@code limit} due executions for {@code nodeId} until {@code leaseUntil} (one
   * locking read; every PENDING one moves to PROCESSING and gets its {@code execution.started}
   * event), and in the same transaction opens the next attempt of each claimed execution for which
   * {@code starts} names a route (counting it, noting route and provider, its row in the attempt
   * trail): claiming and starting cost one commit for the whole batch. {@code starts} runs inside
   * the transaction, so it must be quick and touch no database; it answers null for an execution
   * that is not to start now. Started ones come back with their attempt counted.
   */
  public List<ClaimedWork> claim(
      String nodeId,
      Instant now,
      int limit,
      Instant leaseUntil,
      java.util.function.Function<Claimed, Start> starts) {
    List<ClaimedWork> claimed =
        jdbi.inTransaction(
            h -> {
              List<ClaimedWork> due =
                  executions.claimDue(
                      h,
                      now,
                      limit,
                      nodeId,
                      leaseUntil,
                      c -> {
                        Start s = starts.apply(c);
                        return s == null
                            ? null
                            : new JdbiExecutionStore.StartAttempt(
                                c.execution(),
                                s.routeIndex(),
                                s.routeAttempts(),
                                s.provider(),
                                s.providerModel());
                      });
              List<Execution> startedEvents = new ArrayList<>();
              for (ClaimedWork w : due) {
                if (w.claimed().previousStatus() == ExecutionStatus.PENDING) {
                  startedEvents.add(w.execution());
                }
              }
              events.insertAll(h, EventType.STARTED, startedEvents, now);
              return due;
            });
    for (ClaimedWork w : claimed) {
      if (w.claimed().previousStatus() == ExecutionStatus.PENDING) {
        notifyChanged(w.execution(), EventType.STARTED);
      }
    }
    return claimed;
  }

  /**
   * Claims one active execution no live node holds (a provider callback); empty when it is leased
   * or terminal.
   */
  public Optional<Claimed> claimOne(String id, String nodeId, Instant now, Instant leaseUntil) {
    return jdbi.inTransaction(h -> executions.claimOne(h, id, now, nodeId, leaseUntil));
  }

  /** Extends the leases {@code nodeId} holds on {@code ids}. */
  public int extendLeases(String nodeId, List<String> ids, Instant leaseUntil) {
    return ids.isEmpty()
        ? 0
        : jdbi.withHandle(h -> executions.extendLeases(h, nodeId, ids, leaseUntil));
  }

  /** Gives back every lease {@code nodeId} holds, so any node may take the work at once. */
  public int releaseLeases(String nodeId) {
    return jdbi.withHandle(h -> executions.releaseLeases(h, nodeId, clock.instant()));
  }

  /**
   * Records that an attempt starts on a route: counts it, remembers route and provider, and opens
   * its row in the attempt trail. Returns the execution with the attempt counted. (Attempts decided
   * while claiming are opened by {@link #claim} instead, in the claim's transaction.)
   *
   * @throws ConcurrentTransitionException when the execution is no longer active and leased to
   *     {@code nodeId}
   */
  public Execution startAttempt(Execution e, String nodeId, Start start, Instant now) {
    requireActive(e, "starting an attempt");
    Execution started =
        jdbi.inTransaction(
            h ->
                executions
                    .startAttempts(
                        h,
                        List.of(
                            new JdbiExecutionStore.StartAttempt(
                                e,
                                start.routeIndex(),
                                start.routeAttempts(),
                                start.provider(),
                                start.providerModel())),
                        nodeId,
                        now)
                    .get(0));
    if (started == null) {
      throw new ConcurrentTransitionException(e.id(), "starting an attempt");
    }
    return started;
  }

  /**
   * Parks a claimed execution whose provider has the job: in {@code parked} (PROCESSING to poll it,
   * AWAITING_WEBHOOK when the provider will call back) until {@code nextRunAt}, lease released.
   *
   * @throws ConcurrentTransitionException when someone else moved it first
   */
  public void awaitProvider(
      Execution e, String nodeId, ExecutionStatus parked, String jobId, Instant nextRunAt) {
    check(e, parked, "parking it for its provider job");
    jdbi.useTransaction(
        h -> {
          if (!executions.park(h, e.id(), nodeId, parked, jobId, nextRunAt)) {
            throw new ConcurrentTransitionException(e.id(), "parking it for its provider job");
          }
          executions.noteAttemptJob(h, e.id(), jobId);
        });
  }

  /**
   * Parks a claimed execution in PROCESSING until {@code nextRunAt} with no provider job (a retry
   * after backoff, or no route could take it now), closing the failed attempt's row if given.
   *
   * @param failed the attempt that just failed, or null when none was made
   * @throws ConcurrentTransitionException when someone else moved it first
   */
  public void retryLater(Execution e, String nodeId, Instant nextRunAt, AttemptFailure failed) {
    check(e, ExecutionStatus.PROCESSING, "scheduling a retry");
    jdbi.useTransaction(
        h -> {
          if (!executions.park(h, e.id(), nodeId, ExecutionStatus.PROCESSING, null, nextRunAt)) {
            throw new ConcurrentTransitionException(e.id(), "scheduling a retry");
          }
          endFailedAttempt(h, e.id(), failed);
        });
  }

  /**
   * Moves a claimed execution to route {@code routeIndex}, due at once, closing the failed attempt.
   *
   * @throws ConcurrentTransitionException when someone else moved it first
   */
  public void failOver(Execution e, String nodeId, int routeIndex, AttemptFailure failed) {
    check(e, ExecutionStatus.PROCESSING, "failing over");
    jdbi.useTransaction(
        h -> {
          if (!executions.moveToRoute(h, e.id(), nodeId, routeIndex)
              || !executions.park(
                  h, e.id(), nodeId, ExecutionStatus.PROCESSING, null, failed.endedAt())) {
            throw new ConcurrentTransitionException(e.id(), "failing over");
          }
          endFailedAttempt(h, e.id(), failed);
        });
  }

  /**
   * Completes an active execution: stores the output, captures {@code actualCost} capped at the
   * hold, releases the rest, fires {@code execution.completed}. Empty when someone else moved it
   * first (a late result: nothing is charged).
   */
  Optional<Execution> complete(Execution e, ObjectNode output, Money actualCost) {
    return finish(e, ExecutionStatus.COMPLETED, Money.min(actualCost, e.hold()), output, null);
  }

  /**
   * Fails an active execution with {@code error}, releasing its hold. Empty when someone else moved
   * it first.
   */
  public Optional<Execution> fail(Execution e, ExecutionError error) {
    return finish(e, ExecutionStatus.FAILED, null, null, error);
  }

  /**
   * Expires an active execution ({@code GENERATION_TIMEOUT}), releasing its hold. Empty when
   * someone else moved it first.
   */
  public Optional<Execution> expire(Execution e) {
    return finish(
        e,
        ExecutionStatus.EXPIRED,
        null,
        null,
        new ExecutionError(
            ErrorCode.GENERATION_TIMEOUT, "Execution did not finish before it expired"));
  }

  /** Cancels an active execution, releasing its hold. Empty when someone else moved it first. */
  Optional<Execution> cancel(Execution e) {
    return finish(e, ExecutionStatus.CANCELLED, null, null, null);
  }

  /**
   * {@link #complete} without waiting: the future completes once the settlement committed (on the
   * settlement thread, after the listeners heard of it), with the execution after the move, or
   * empty when someone else moved it first.
   */
  public CompletableFuture<Optional<Execution>> completeAsync(
      Execution e, ObjectNode output, Money actualCost) {
    return finishAsync(e, ExecutionStatus.COMPLETED, Money.min(actualCost, e.hold()), output, null);
  }

  /** {@link #fail} without waiting, as {@link #completeAsync}. */
  public CompletableFuture<Optional<Execution>> failAsync(Execution e, ExecutionError error) {
    return finishAsync(e, ExecutionStatus.FAILED, null, null, error);
  }

  private Optional<Execution> finish(
      Execution e, ExecutionStatus target, Money capture, ObjectNode output, ExecutionError error) {
    try {
      return finishAsync(e, target, capture, output, error).join();
    } catch (CompletionException ex) {
      if (ex.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (ex.getCause() instanceof Error err) {
        throw err;
      }
      throw ex;
    }
  }

  private CompletableFuture<Optional<Execution>> finishAsync(
      Execution e, ExecutionStatus target, Money capture, ObjectNode output, ExecutionError error) {
    if (e.status().isTerminal()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    check(e, target, target.name());
    return settlements
        .settleAsync(new SettlementQueue.Settlement(e, target, capture, output, error))
        .thenApply(
            done -> {
              done.ifPresentOrElse(
                  after -> notifyChanged(after, EventType.forTerminal(target)),
                  () -> LOG.info("execution {} was already moved; {} ignored", e.id(), target));
              return done;
            });
  }

  /**
   * The terminal moves of a batch on its transaction, each with its event, its attempt row and its
   * hold's settlement, in a few statements for the whole batch (a batch of conditional updates, one
   * read of the moved rows, a batch of events and of attempt rows, then {@link
   * JdbiLedgerStore#settleAll}, which touches the shared balance rows last). Empty where the
   * execution was already moved.
   */
  private List<Optional<Execution>> writeSettlements(
      Handle h, List<SettlementQueue.Settlement> batch, Instant now) {
    List<JdbiExecutionStore.Finish> moves = new ArrayList<>(batch.size());
    for (SettlementQueue.Settlement s : batch) {
      moves.add(
          new JdbiExecutionStore.Finish(
              s.execution(), s.target(), s.capture(), s.output(), s.error()));
    }
    boolean[] moved = executions.finishAll(h, moves, now);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < moved.length; i++) {
      if (moved[i]) {
        ids.add(batch.get(i).execution().id());
      }
    }
    Map<String, Execution> after = executions.findByIds(h, ids);
    List<JdbiEventStore.Move> events = new ArrayList<>(ids.size());
    List<JdbiExecutionStore.EndAttempt> attempts = new ArrayList<>(ids.size());
    List<JdbiLedgerStore.Settle> settles = new ArrayList<>(ids.size());
    List<Optional<Execution>> out = new ArrayList<>(batch.size());
    for (int i = 0; i < moved.length; i++) {
      if (!moved[i]) {
        out.add(Optional.empty());
        continue;
      }
      SettlementQueue.Settlement s = batch.get(i);
      Execution e = after.get(s.execution().id());
      ExecutionError error = s.error();
      events.add(new JdbiEventStore.Move(EventType.forTerminal(s.target()), e));
      attempts.add(
          new JdbiExecutionStore.EndAttempt(
              e.id(),
              s.target().name(),
              null,
              error == null ? null : error.code(),
              error == null ? null : error.message(),
              now));
      settles.add(
          new JdbiLedgerStore.Settle(e.id(), s.capture() == null ? Money.ZERO : s.capture()));
      out.add(Optional.of(e));
    }
    this.events.insertAll(h, events, now);
    executions.endAttempts(h, attempts);
    ledger.settleAll(h, settles, now); // last: the shared balance rows
    return out;
  }

  private void endFailedAttempt(Handle h, String id, AttemptFailure failed) {
    if (failed != null) {
      executions.endAttempt(
          h, id, "FAILED", null, failed.code(), failed.message(), failed.endedAt());
    }
  }

  private static void requireActive(Execution e, String transition) {
    if (e.status().isTerminal()) {
      throw new ConcurrentTransitionException(e.id(), transition);
    }
  }

  private static void check(Execution e, ExecutionStatus target, String transition) {
    requireActive(e, transition);
    if (!e.status().canMoveTo(target)) {
      throw new IllegalStateException(
          "execution " + e.id() + " cannot move from " + e.status() + " to " + target);
    }
  }

  /**
   * Whether {@code t} comes from our own database (connection lost, pool exhausted, SQL error)
   * rather than from a provider or a bug: the engine then leaves the execution to its lease.
   */
  public static boolean isDatabaseFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.jdbi.v3.core.JdbiException || c instanceof java.sql.SQLException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops the settlement thread (after the dispatcher stopped); later terminal transitions fail.
   */
  @Override
  public void close() {
    settlements.close();
  }

  private void notifyChanged(Execution e, EventType type) {
    for (ExecutionListener l : listeners) {
      try {
        l.changed(e, type);
      } catch (RuntimeException ex) {
        LOG.warn("execution listener failed", ex);
      }
    }
  }
}
