package io.modelroute.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for terminal transitions: callers hand in their settlement and wait; a writer thread
 * writes every settlement waiting for it at that moment (up to {@code maxBatch}) in one
 * transaction, so completions that arrive together share one commit and one turn on the
 * organization's balance row. Each organization belongs to one writer (by a hash of its id): its
 * balance row has a single writer, so writers never queue on each other's row locks and a busy
 * organization's settlements gather into full batches instead of spreading thin over all writers.
 * Each settlement still writes its own state change, event and ledger entries; the batch commits
 * all of them or none. When a batch fails, each of its settlements is retried alone, so one bad
 * settlement never fails the others; each caller learns its own result. Thread-safe.
 */
final class SettlementQueue {
  private static final Logger LOG = LoggerFactory.getLogger(SettlementQueue.class);

  /**
   * Writes settlements on the batch's handle, answering in order; empty where the execution was
   * already moved.
   */
  @FunctionalInterface
  interface Writer {
    List<Optional<Execution>> write(Handle h, List<Settlement> batch, Instant now);
  }

  /** One terminal transition waiting to be written. */
  record Settlement(
      Execution execution,
      ExecutionStatus target,
      io.modelroute.Money capture,
      com.fasterxml.jackson.databind.node.ObjectNode output,
      ExecutionError error) {}

  private record Pending(Settlement settlement, CompletableFuture<Optional<Execution>> result) {}

  private final Jdbi jdbi;
  private final Writer writer;
  private final Clock clock;
  private final int maxBatch;

  /** Settlements queued at most; more wait to be queued. */
  static final int CAPACITY = 1024;

  /** One queue per writer; an organization's settlements always go to the same one. */
  private final List<LinkedBlockingQueue<Pending>> queues = new ArrayList<>();

  private final List<Thread> drainers = new ArrayList<>();

  /**
   * @param writers how many batches may be written at once (each on its own thread and connection,
   *     for its own share of the organizations); batches lock balance rows in organization order
   */
  SettlementQueue(Jdbi jdbi, Writer writer, Clock clock, int maxBatch, int writers) {
    this.jdbi = jdbi;
    this.writer = writer;
    this.clock = clock;
    this.maxBatch = maxBatch;
    for (int i = 0; i < writers; i++) {
      LinkedBlockingQueue<Pending> queue =
          new LinkedBlockingQueue<>(Math.max(1, CAPACITY / writers));
      queues.add(queue);
      Thread t = new Thread(() -> drain(queue), "modelroute-settlements-" + (i + 1));
      t.setDaemon(true);
      t.start();
      drainers.add(t);
    }
  }

  /**
   * Queues {@code s} for the next batch; the future completes on the writing thread once that batch
   * committed (or failed for it). Waits while its writer's share of {@link #CAPACITY} settlements
   * is queued, so callers cannot outrun the database.
   */
  CompletableFuture<Optional<Execution>> settleAsync(Settlement s) {
    if (drainers.contains(Thread.currentThread())) {
      try {
        return CompletableFuture.completedFuture(writeAlone(s)); // never wait on ourselves
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    CompletableFuture<Optional<Execution>> result = new CompletableFuture<>();
    try {
      queues
          .get(Math.floorMod(s.execution().orgId().hashCode(), queues.size()))
          .put(new Pending(s, result));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.completeExceptionally(
          new IllegalStateException("interrupted while queueing a settlement", e));
    }
    return result;
  }

  private Optional<Execution> writeAlone(Settlement s) {
    return jdbi.inTransaction(h -> writer.write(h, List.of(s), clock.instant()).get(0));
  }

  /** Stops the writing thread; settlements still queued fail. */
  void close() {
    drainers.forEach(Thread::interrupt);
    for (LinkedBlockingQueue<Pending> queue : queues) {
      Pending p;
      while ((p = queue.poll()) != null) {
        p.result().completeExceptionally(new IllegalStateException("shutting down"));
      }
    }
  }

  private void drain(LinkedBlockingQueue<Pending> queue) {
    List<Pending> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, maxBatch - 1);
        // the same order of balance rows in every batch, so concurrent batches do not deadlock on
        // them
        batch.sort(
            java.util.Comparator.comparing((Pending p) -> p.settlement().execution().orgId())
                .thenComparing(p -> p.settlement().execution().id()));
        write(batch);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable t) {
        LOG.error("settlement batch failed", t);
        batch.forEach(p -> p.result().completeExceptionally(t));
      } finally {
        batch.clear();
      }
    }
  }

  private void write(List<Pending> batch) {
    if (batch.size() > 1) {
      try {
        Instant now = clock.instant();
        List<Settlement> settlements = batch.stream().map(Pending::settlement).toList();
        List<Optional<Execution>> results =
            jdbi.inTransaction(h -> writer.write(h, settlements, now));
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).result().complete(results.get(i));
        }
        return;
      } catch (RuntimeException e) {
        LOG.debug("settlement batch of {} failed; settling one by one", batch.size(), e);
      }
    }
    for (Pending p : batch) {
      try {
        p.result().complete(writeAlone(p.settlement()));
      } catch (RuntimeException e) {
        p.result().completeExceptionally(e);
      }
    }
  }
}
