package io.modelroute.execution;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the progress and text this node's watch reports to the other nodes: queued while they
 * listen, sent by one thread as autocommit NOTIFYs that batch whatever queued meanwhile. A terminal
 * move {@link #awaitSent waits} for its execution's text, so other nodes get the text before the
 * end. Best effort: when the queue is full or a send fails, items are dropped (streams still end
 * with the stored output). Thread-safe.
 */
final class OutputPublisher implements ExecutionWatch.Relay {
  private static final Logger LOG = LoggerFactory.getLogger(OutputPublisher.class);

  /** The longest a terminal move waits for this node's text of the execution to be sent. */
  static final Duration DELTA_WAIT = Duration.ofSeconds(1);

  /** Progress and text items waiting to be sent at most; more are dropped. */
  static final int MAX_QUEUED = 10_000;

  /** One progress report or text piece waiting to be sent. */
  private record Output(long seq, ArrayNode item) {}

  private final Jdbi jdbi;
  private final SignalPayloads payloads;
  private final BooleanSupplier peers;
  private final Counter sent;
  private final Counter dropped;
  private final Thread thread;
  private final LinkedBlockingQueue<Output> outgoing = new LinkedBlockingQueue<>(MAX_QUEUED);
  private final Object lock = new Object();
  private long queuedSeq;
  private long sentSeq;

  /** Execution id → the sequence number of its last queued item, until its terminal move. */
  private final ConcurrentHashMap<String, Long> lastQueued = new ConcurrentHashMap<>();

  OutputPublisher(
      Jdbi jdbi, SignalPayloads payloads, BooleanSupplier peers, Counter sent, Counter dropped) {
    this.jdbi = jdbi;
    this.payloads = payloads;
    this.peers = peers;
    this.sent = sent;
    this.dropped = dropped;
    this.thread = new Thread(this::run, "modelroute-cluster-publish");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  @Override
  public void progress(String id, int index, int percent) {
    if (peers.getAsBoolean()) {
      queue(id, SignalPayloads.item("p", id).add(percent).add(index));
    }
  }

  @Override
  public void delta(String id, long offset, String text) {
    if (peers.getAsBoolean()) {
      for (ArrayNode piece : SignalPayloads.deltas(id, offset, text)) {
        queue(id, piece);
      }
    }
  }

  private void queue(String id, ArrayNode item) {
    synchronized (lock) { // sequence numbers in queue order
      long seq = ++queuedSeq;
      if (outgoing.offer(new Output(seq, item))) {
        if (lastQueued.size() > ExecutionWatch.MAX_RECENT_EXECUTIONS) {
          lastQueued.clear(); // executions settled elsewhere never remove theirs
        }
        lastQueued.put(id, seq);
      } else {
        dropped.increment();
      }
    }
  }

  /**
   * Waits (at most {@link #DELTA_WAIT}) until the text queued for {@code ids} has been sent, and
   * forgets them.
   */
  void awaitSent(List<String> ids) {
    long seq = 0;
    for (String id : ids) {
      Long last = lastQueued.remove(id);
      if (last != null) {
        seq = Math.max(seq, last);
      }
    }
    if (seq == 0) {
      return;
    }
    long deadline = System.nanoTime() + DELTA_WAIT.toNanos();
    synchronized (lock) {
      while (sentSeq < seq) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void run() {
    List<Output> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(outgoing.take());
        outgoing.drainTo(batch, 511);
        List<String> packed = payloads.pack(batch.stream().map(Output::item).toList());
        try {
          jdbi.useHandle(h -> SignalPayloads.send(h, packed));
          sent.increment(packed.size());
        } catch (RuntimeException e) {
          LOG.debug(
              "could not send progress/text to other nodes; their streams get the final output", e);
        }
        long last = batch.get(batch.size() - 1).seq();
        synchronized (lock) {
          sentSeq = Math.max(sentSeq, last);
          lock.notifyAll();
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        batch.clear();
      }
    }
  }

  void close() {
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
