package io.modelroute.execution;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.db.internal.Database;
import io.modelroute.db.internal.SqlErrors;
import io.modelroute.idempotency.internal.IdempotencyRecord;
import io.modelroute.idempotency.internal.JdbiIdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for submits: validated, priced creates wait in a bounded queue; a committer thread
 * takes every waiting one (up to {@link GroupCommitSettings#maxBatch()}) and writes them in one
 * transaction — idempotency keys (already answered), one conditional balance update per
 * organization for the batch's total, executions, metadata, holds and HOLD entries, each a
 * multi-row statement — and one commit. A committer waits only while the queue is empty, so a lone
 * submit commits at once and submits arriving during a commit form the next batch.
 *
 * <p>A submit is answered only after its batch committed. One that cannot go with its batch is
 * settled alone on its own thread, by today's single-submit transaction: an idempotency key that
 * exists (the unique key decides, nothing is read first) or a twin of another submit in the batch
 * ({@link Verdict#KEY_TAKEN}: replay, 422 or 409 from the stored record); an organization whose
 * batch total exceeds its available balance, or a batch that failed for any other reason ({@link
 * Verdict#ALONE}: its members are retried one by one, so one bad request fails only itself).
 * Thread-safe.
 */
final class SubmitBatcher implements AutoCloseable {
  /**
   * One validated, priced create: the execution, its key (or null) and fingerprint, and the 202
   * body.
   */
  record Submit(Execution execution, String idempotencyKey, String fingerprint, String body) {}

  /** How a batch settled a submit. */
  enum Verdict {
    /** Its rows committed with the batch: it is accepted. */
    COMMITTED,
    /**
     * Its idempotency key was taken (an earlier request, or a twin in the batch): resolve from the
     * record.
     */
    KEY_TAKEN,
    /**
     * Settle it alone: its organization's batch total did not fit, its batch failed, or no batch
     * took it.
     */
    ALONE
  }

  private record Pending(Submit submit, CompletableFuture<Verdict> verdict) {}

  private static final Logger LOG = LoggerFactory.getLogger(SubmitBatcher.class);
  private static final Comparator<Submit> LOCK_ORDER =
      Comparator.comparing((Submit s) -> s.execution().orgId())
          .thenComparing(s -> s.idempotencyKey() == null ? "" : s.idempotencyKey());

  private final Jdbi jdbi;
  private final JdbiExecutionStore executions;
  private final JdbiLedgerStore ledger;
  private final JdbiIdempotencyStore idempotency;
  private final Clock clock;
  private final GroupCommitSettings settings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waiting = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final List<Thread> committers = new ArrayList<>();
  private boolean closed; // guarded by lock

  SubmitBatcher(
      Jdbi jdbi,
      JdbiExecutionStore executions,
      JdbiLedgerStore ledger,
      JdbiIdempotencyStore idempotency,
      Clock clock,
      GroupCommitSettings settings) {
    this.jdbi = jdbi;
    this.executions = executions;
    this.ledger = ledger;
    this.idempotency = idempotency;
    this.clock = clock;
    this.settings = settings;
  }

  /** Starts the committer threads (none when group commit is off). */
  void start() {
    if (!settings.enabled()) {
      return;
    }
    for (int i = 0; i < settings.committers(); i++) {
      Thread t = new Thread(this::commitLoop, "modelroute-submit-committer-" + i);
      t.setDaemon(true);
      committers.add(t);
      t.start();
    }
  }

  /**
   * Stores the submit (with a batch, or alone) and answers it: 202, or a replay; throws 402, 409,
   * 422.
   */
  CreateOutcome submit(Submit s) {
    Verdict verdict;
    try {
      verdict = enqueue(s).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : e; // the batch's own failure (database unreachable)
    }
    return settle(s, verdict);
  }

  /**
   * Queues a submit for the next batch; the future completes once that batch committed (or failed).
   * Completes at once with {@link Verdict#ALONE} when group commit is off, the queue is full or the
   * batcher is closed.
   */
  CompletableFuture<Verdict> enqueue(Submit s) {
    if (settings.enabled()) {
      lock.lock();
      try {
        if (!closed && queue.size() < settings.queueCapacity()) {
          Pending p = new Pending(s, new CompletableFuture<>());
          queue.add(p);
          waiting.signal();
          return p.verdict();
        }
      } finally {
        lock.unlock();
      }
    }
    return CompletableFuture.completedFuture(Verdict.ALONE);
  }

  /**
   * Answers a submit its batch settled with {@code verdict}; settles it alone unless it committed.
   */
  CreateOutcome settle(Submit s, Verdict verdict) {
    return switch (verdict) {
      case COMMITTED -> accepted(s);
      case KEY_TAKEN ->
          replay(s.execution().orgId(), s.idempotencyKey(), s.fingerprint())
              .orElseGet(
                  () -> alone(s)); // the key expired (or its transaction rolled back): reuse it
      case ALONE -> alone(s);
    };
  }

  /** Takes what waits (up to a batch) and commits it, without waiting; returns how many it took. */
  int runOnce() {
    List<Pending> batch = new ArrayList<>();
    lock.lock();
    try {
      drainTo(batch);
    } finally {
      lock.unlock();
    }
    if (!batch.isEmpty()) {
      commit(batch);
    }
    return batch.size();
  }

  private void commitLoop() {
    List<Pending> batch = new ArrayList<>(settings.maxBatch());
    while (true) {
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          waiting.awaitUninterruptibly(); // never interrupted: H2 closes its file on an interrupted
          // write
        }
        if (queue.isEmpty()) {
          return; // closed and drained
        }
        drainTo(batch);
      } finally {
        lock.unlock();
      }
      commit(batch);
      batch.clear();
    }
  }

  private void drainTo(List<Pending> batch) {
    while (batch.size() < settings.maxBatch() && !queue.isEmpty()) {
      batch.add(queue.poll());
    }
  }

  private void commit(List<Pending> batch) {
    try {
      List<Pending> members = new ArrayList<>(batch.size());
      List<Pending> twins = new ArrayList<>();
      Set<List<String>> keys = new HashSet<>();
      for (Pending p : batch) {
        String key = p.submit().idempotencyKey();
        if (key != null && !keys.add(List.of(p.submit().execution().orgId(), key))) {
          twins.add(p);
        } else {
          members.add(p);
        }
      }
      List<Submit> submits = members.stream().map(Pending::submit).toList();
      Verdict[] verdicts;
      try {
        verdicts = jdbi.inTransaction(h -> write(h, submits));
      } catch (RuntimeException e) {
        if (Database.isUnreachable(e)) {
          // alone, each would wait out the pool's timeout once more for the same outage
          LOG.info(
              "a group commit of {} submits failed: the database is unreachable ({})",
              submits.size(),
              reason(e));
          members.forEach(p -> p.verdict().completeExceptionally(e));
          twins.forEach(p -> p.verdict().completeExceptionally(e));
          return;
        }
        // not the message: it carries the statement's bound values (prompts, metadata)
        LOG.info(
            "a group commit of {} submits failed ({}); each is retried alone",
            submits.size(),
            reason(e));
        verdicts = new Verdict[submits.size()];
        Arrays.fill(verdicts, Verdict.ALONE);
      }
      for (int i = 0; i < members.size(); i++) {
        members.get(i).verdict().complete(verdicts[i]);
      }
      for (Pending twin : twins) {
        twin.verdict()
            .complete(Verdict.KEY_TAKEN); // after the first of its key committed: a replay
      }
    } finally {
      for (Pending p : batch) {
        p.verdict()
            .complete(Verdict.ALONE); // no-op for the settled ones; never leaves a caller waiting
      }
    }
  }

  /** Writes one batch in the caller's transaction; returns each submit's verdict. */
  private Verdict[] write(Handle h, List<Submit> submits) {
    Verdict[] verdicts = new Verdict[submits.size()];
    Arrays.fill(verdicts, Verdict.COMMITTED);
    // 1. the keys first, in one lock order, before any balance row is locked: a key another
    // transaction holds is waited for without holding anything a settlement needs
    List<Integer> keyed = new ArrayList<>();
    for (int i = 0; i < submits.size(); i++) {
      if (submits.get(i).idempotencyKey() != null) {
        keyed.add(i);
      }
    }
    keyed.sort(Comparator.comparing(submits::get, LOCK_ORDER));
    List<JdbiIdempotencyStore.AnsweredKey> rows = new ArrayList<>(keyed.size());
    for (int i : keyed) {
      Submit s = submits.get(i);
      rows.add(
          new JdbiIdempotencyStore.AnsweredKey(
              s.execution().orgId(),
              s.idempotencyKey(),
              s.fingerprint(),
              202,
              s.body(),
              s.execution().id(),
              s.execution().createdAt()));
    }
    Set<Integer> inserted = idempotency.insertAnswered(h, rows);
    for (int j = 0; j < keyed.size(); j++) {
      if (!inserted.contains(j)) {
        verdicts[keyed.get(j)] = Verdict.KEY_TAKEN;
      }
    }
    // 2. one conditional update per organization for its total
    SortedMap<String, Money> totals = new TreeMap<>();
    for (int i = 0; i < submits.size(); i++) {
      if (verdicts[i] == Verdict.COMMITTED) {
        totals.merge(
            submits.get(i).execution().orgId(), submits.get(i).execution().hold(), Money::plus);
      }
    }
    Set<String> insufficient = ledger.reserveAll(h, totals);
    Map<String, List<String>> keysToDrop = new LinkedHashMap<>();
    for (int i = 0; i < submits.size(); i++) {
      Submit s = submits.get(i);
      if (verdicts[i] == Verdict.COMMITTED && insufficient.contains(s.execution().orgId())) {
        verdicts[i] = Verdict.ALONE; // alone, it may still fit; if not, it gets today's 402
        if (s.idempotencyKey() != null) {
          keysToDrop
              .computeIfAbsent(s.execution().orgId(), o -> new ArrayList<>())
              .add(s.idempotencyKey());
        }
      }
    }
    keysToDrop.forEach((org, keys) -> idempotency.delete(h, org, keys));
    // 3. the rows of the accepted submits
    List<Execution> accepted = new ArrayList<>();
    List<JdbiLedgerStore.NewHold> holds = new ArrayList<>();
    for (int i = 0; i < submits.size(); i++) {
      if (verdicts[i] == Verdict.COMMITTED) {
        Execution e = submits.get(i).execution();
        accepted.add(e);
        holds.add(new JdbiLedgerStore.NewHold(e.id(), e.orgId(), e.hold(), e.createdAt()));
      }
    }
    if (!accepted.isEmpty()) {
      executions.insertAll(h, accepted);
      ledger.insertHolds(h, holds);
    }
    return verdicts;
  }

  /** Today's single-submit transaction; a taken key resolves to a replay, 422 or 409. */
  private CreateOutcome alone(Submit s) {
    Execution execution = s.execution();
    String orgId = execution.orgId();
    String key = s.idempotencyKey();
    Instant now = execution.createdAt();
    try {
      jdbi.useTransaction(
          h -> {
            if (key != null) {
              idempotency.deleteIfExpired(h, orgId, key, now);
              idempotency.insert(h, orgId, key, s.fingerprint(), now);
            }
            executions.insert(h, execution);
            if (key != null) {
              idempotency.complete(h, orgId, key, 202, s.body(), execution.id());
            }
            ledger.placeHold(h, orgId, execution.id(), execution.hold(), now);
          });
    } catch (JdbiException e) {
      if (key != null && (SqlErrors.isUniqueViolation(e) || SqlErrors.isLockTimeout(e))) {
        return replay(orgId, key, s.fingerprint()).orElseThrow(ModelRouteException::inFlight);
      }
      if (SqlErrors.isLockTimeout(e)) {
        throw new ModelRouteException(
            ErrorCode.SERVICE_UNAVAILABLE, "The database is busy; retry shortly", e);
      }
      throw e;
    }
    return accepted(s);
  }

  /**
   * The stored answer for an organization's key: a replay of the same request, {@code 422} for a
   * different one, {@code 409} while it is in flight; empty when there is no live record.
   */
  Optional<CreateOutcome> replay(String orgId, String key, String fingerprint) {
    Optional<IdempotencyRecord> existing = jdbi.withHandle(h -> idempotency.find(h, orgId, key));
    if (existing.isEmpty() || existing.get().expiresAt().isBefore(clock.instant())) {
      return Optional.empty();
    }
    IdempotencyRecord r = existing.get();
    if (!r.requestHash().equals(fingerprint)) {
      throw new ModelRouteException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "This Idempotency-Key was already used with a different request");
    }
    if (!r.isComplete()) {
      throw ModelRouteException.inFlight();
    }
    String execId = Json.readTree(r.responseBody()).path("id").asText(null);
    return Optional.of(new CreateOutcome(execId, r.statusCode(), r.responseBody(), true));
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        return "SQLState " + sql.getSQLState();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static CreateOutcome accepted(Submit s) {
    return new CreateOutcome(s.execution().id(), 202, s.body(), false);
  }

  /**
   * Stops taking submits (later ones commit alone), lets the committers write what is queued and
   * waits up to {@code timeout} for them.
   */
  void close(Duration timeout) {
    lock.lock();
    try {
      closed = true;
      waiting.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : committers) {
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Pending> left = new ArrayList<>();
    lock.lock();
    try {
      left.addAll(queue);
      queue.clear();
    } finally {
      lock.unlock();
    }
    left.forEach(p -> p.verdict().complete(Verdict.ALONE));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
