package io.modelroute.execution;

import io.modelroute.ModelRouteException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal (public for the engine's other packages and the HTTP layer; not API, may change without
 * notice). Lets callers wait for executions without holding a thread: SYNC requests wait for a
 * terminal state, event streams follow every change, progress report and text delta.
 *
 * <p>Changes committed on this node arrive at once (it is an {@link ExecutionListener}). On
 * PostgreSQL with several nodes, {@link ClusterSignals} brings the other nodes' changes, progress
 * and text deltas here just as promptly (the {@code *Elsewhere} methods); a re-check every {@link
 * #DEFAULT_RECHECK} (one query for all waiting executions) remains the safety net, and is all an H2
 * or single-node setup needs. Progress and text of running executions are kept (bounded: {@link
 * #MAX_RECENT} items and {@link #MAX_RECENT_CHARS} characters per execution, {@link
 * #MAX_RECENT_EXECUTIONS} executions and {@link #MAX_RECENT_TOTAL_CHARS} characters in all) so a
 * watcher that comes late gets them replayed; once the execution is terminal its stored output is
 * the truth and the buffer is dropped. Waiting costs a map entry and a future, not a thread.
 * Thread-safe.
 */
public final class ExecutionWatch implements ExecutionListener, AutoCloseable {
  /** How often executions are re-read for changes made on other nodes. */
  public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionWatch.class);

  /** Follows one execution; methods are called from other threads and must be quick. */
  public interface Watcher {
    /** Something may have changed: re-read the execution or its events. */
    void changed();

    /** The provider reported progress. */
    default void progress(int percent) {}

    /** A streaming text model produced a chunk. */
    default void delta(String text) {}

    /**
     * The provider's {@code index}-th progress report (from 1, counted per execution by the node
     * that runs it, so the same on every node).
     */
    default void progress(int index, int percent) {
      progress(percent);
    }

    /**
     * A chunk of text that starts {@code offset} characters (UTF-16 units) into the execution's
     * text, counted by the node that runs it, so the same on every node.
     */
    default void delta(long offset, String text) {
      delta(text);
    }

    /** A periodic nudge (every re-check), e.g. for keep-alives. */
    default void tick() {}
  }

  private record Waiter(String orgId, CompletableFuture<Execution> future) {}

  private final Jdbi jdbi;
  private final JdbiExecutionStore executions;
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();

  /** Progress and text of running executions, so a stream that subscribes late still gets them. */
  private final Map<String, Recent> recent = new ConcurrentHashMap<>();

  /** The progress and text one execution reported so far; guarded by itself. */
  private static final class Recent {
    /** {@link Progress} and {@link Text} items kept for late watchers. */
    final List<Object> items = new java.util.ArrayList<>();

    /** Characters of text kept in {@link #items}. */
    int chars;

    /** Progress reports so far, kept or not: the index of the last one. */
    int progressCount;

    /** Characters of text reported so far, kept or not: the offset where the next one starts. */
    long textLength;
  }

  private record Progress(int index, int percent) {}

  private record Text(long offset, String text) {}

  /** Most progress/delta items kept per running execution. */
  static final int MAX_RECENT = 1024;

  /** Most characters of text kept per running execution; later deltas are told but not kept. */
  static final int MAX_RECENT_CHARS = 64 * 1024;

  /** Most running executions whose progress/text is kept. */
  static final int MAX_RECENT_EXECUTIONS = 10_000;

  /**
   * Most characters kept for all executions together (about 32 MB); past it the buffers start
   * afresh.
   */
  static final long MAX_RECENT_TOTAL_CHARS = 16L << 20;

  private final java.util.concurrent.atomic.AtomicLong recentChars =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Where progress and text reported on this node go besides this node's watchers (other nodes).
   */
  interface Relay {
    void progress(String id, int index, int percent);

    void delta(String id, long offset, String text);
  }

  private volatile Relay relay;
  private final ScheduledExecutorService timer;
  private final ScheduledFuture<?> recheck;

  /**
   * Changes are heard on the threads that commit them (settlement writers, the claim loop): the
   * waiting requests are answered and the streams told on these threads instead, so a stream whose
   * client stopped reading stalls only its own thread, never the engine.
   */
  private final java.util.concurrent.ThreadPoolExecutor answering =
      pool("modelroute-watch-answer", 2);

  private final java.util.concurrent.ThreadPoolExecutor telling =
      pool("modelroute-watch-streams", STREAM_THREADS);

  /**
   * Threads telling event streams of changes; a stream stuck in a write holds one until its write
   * times out.
   */
  static final int STREAM_THREADS = 16;

  /**
   * What other nodes report is told in order per execution (text deltas before the terminal
   * change), each execution on one of these lanes over {@link #telling}.
   */
  private final SerialLane[] lanes = new SerialLane[STREAM_THREADS];

  private static java.util.concurrent.ThreadPoolExecutor pool(String name, int threads) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    var pool =
        new java.util.concurrent.ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A watch re-checking waiting executions in the database every {@code recheckEvery}. */
  public ExecutionWatch(Jdbi jdbi, JdbiExecutionStore executions, Duration recheckEvery) {
    this.jdbi = jdbi;
    this.executions = executions;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "modelroute-watch");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new SerialLane(telling);
    }
    long ms = recheckEvery.toMillis();
    this.recheck = timer.scheduleWithFixedDelay(this::recheck, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Completes with the execution once it is terminal, or with its current state when {@code wait}
   * runs out. Fails with {@code NOT_FOUND} for a missing or foreign execution.
   */
  public CompletableFuture<Execution> terminal(String orgId, String id, Duration wait) {
    Execution now =
        jdbi.withHandle(h -> executions.findById(h, orgId, id))
            .orElseThrow(() -> ModelRouteException.notFound("Execution"));
    if (now.status().isTerminal() || wait.isZero() || wait.isNegative()) {
      return CompletableFuture.completedFuture(now);
    }
    CompletableFuture<Execution> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(orgId, future);
    waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(waiter);
    ScheduledFuture<?> timeout =
        timer.schedule(
            () -> {
              remove(id, waiter);
              current(orgId, id).ifPresentOrElse(future::complete, () -> future.complete(now));
            },
            wait.toMillis(),
            TimeUnit.MILLISECONDS);
    future.whenComplete(
        (e, t) -> {
          timeout.cancel(false);
          remove(id, waiter);
        });
    // it may have finished between the read and the registration
    current(orgId, id).filter(e -> e.status().isTerminal()).ifPresent(future::complete);
    return future;
  }

  /**
   * Registers a watcher for one execution and replays to it the progress and text the execution has
   * reported so far (it may have started before the watcher came); close the returned handle to
   * stop.
   */
  public AutoCloseable watch(String id, Watcher watcher) {
    Recent past = recent.get(id);
    if (past != null) {
      synchronized (past) {
        for (Object item : past.items) {
          if (item instanceof Progress p) {
            watcher.progress(p.index(), p.percent());
          } else if (item instanceof Text t) {
            watcher.delta(t.offset(), t.text());
          }
        }
        watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(watcher);
      }
    } else {
      watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(watcher);
    }
    return () ->
        watchers.computeIfPresent(
            id,
            (k, list) -> {
              list.remove(watcher);
              return list.isEmpty() ? null : list;
            });
  }

  /** How many requests and streams are waiting, for metrics and tests. */
  public int waiting() {
    return waiters.values().stream().mapToInt(List::size).sum()
        + watchers.values().stream().mapToInt(List::size).sum();
  }

  /**
   * The dispatcher reports provider progress here; it goes to this node's watchers and the other
   * nodes'.
   */
  public void progress(String id, int percent) {
    Progress p = rememberProgress(id, 0, percent);
    Relay r = relay;
    if (r != null && p != null) {
      r.progress(id, p.index(), percent);
    }
  }

  /**
   * The dispatcher reports streamed text here; it goes to this node's watchers and the other
   * nodes'.
   */
  public void delta(String id, String text) {
    Text t = rememberText(id, -1, text);
    Relay r = relay;
    if (r != null && t != null) {
      r.delta(id, t.offset(), text);
    }
  }

  /** Sends what this node reports to {@code r} as well (the cluster signals, once started). */
  void relayTo(Relay r) {
    this.relay = r;
  }

  /**
   * Progress another node reported as its {@code index}-th (0: not told, an older node; counted
   * here): kept and told like local progress, in order per execution.
   */
  void progressElsewhere(String id, int index, int percent) {
    lane(id).execute(() -> rememberProgress(id, index, percent));
  }

  /**
   * Text another node reported at {@code offset} (-1: not told, an older node; appended): kept and
   * told like local text, in order per execution.
   */
  void deltaElsewhere(String id, long offset, String text) {
    lane(id).execute(() -> rememberText(id, offset, text));
  }

  /**
   * Another node committed changes to {@code changed} and moved {@code terminal} to a terminal
   * state: the waiting requests of the terminal ones are answered (one query for all of them) and
   * the watchers of all are told, after any text the other node reported before.
   */
  void changedElsewhere(List<String> changed, List<String> terminal) {
    List<String> answer = terminal.stream().filter(waiters::containsKey).toList();
    if (!answer.isEmpty()) {
      run(answering, () -> answerTerminal(answer));
    }
    for (String id : terminal) {
      lane(id)
          .execute(
              () -> { // after the text queued before it, so the buffer is dropped last
                forget(id);
                forEachWatcher(id, Watcher::changed);
              });
    }
    for (String id : changed) {
      if (watchers.containsKey(id)) {
        lane(id).execute(() -> forEachWatcher(id, Watcher::changed));
      }
    }
  }

  /**
   * Re-reads every waiting execution now, as the periodic re-check does: after the cluster signals
   * reconnected, anything may have changed while nobody listened.
   */
  void recheckNow() {
    try {
      timer.execute(this::recheck);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shutting down
    }
  }

  /** Drops the progress and text kept for a finished execution. */
  private void forget(String id) {
    Recent past = recent.remove(id);
    if (past != null) {
      synchronized (past) {
        recentChars.addAndGet(-past.chars);
      }
    }
  }

  private SerialLane lane(String id) {
    return lanes[Math.floorMod(id.hashCode(), lanes.length)];
  }

  /**
   * Numbers progress {@code index} (0: the next one), keeps it for late watchers and tells the
   * current ones, atomically with {@link #watch}; null when it was told before (a repeat).
   */
  private Progress rememberProgress(String id, int index, int percent) {
    Recent past = recentOf(id);
    synchronized (past) {
      if (index > 0 && index <= past.progressCount) {
        return null;
      }
      Progress p = new Progress(index > 0 ? index : past.progressCount + 1, percent);
      past.progressCount = p.index();
      keep(past, p, 0);
      forEachWatcher(id, w -> w.progress(p.index(), p.percent()));
      return p;
    }
  }

  /**
   * Places {@code text} at {@code offset} (-1: after the text so far), keeps it for late watchers
   * and tells the current ones, atomically with {@link #watch}; null when it was told before.
   */
  private Text rememberText(String id, long offset, String text) {
    Recent past = recentOf(id);
    synchronized (past) {
      if (offset >= 0 && offset + text.length() <= past.textLength) {
        return null;
      }
      Text t = new Text(offset >= 0 ? offset : past.textLength, text);
      past.textLength = t.offset() + text.length();
      keep(past, t, text.length());
      forEachWatcher(id, w -> w.delta(t.offset(), t.text()));
      return t;
    }
  }

  private Recent recentOf(String id) {
    if (recent.size() > MAX_RECENT_EXECUTIONS) {
      // executions finished where nobody told us may never clear themselves; bound the memory
      recent.clear();
      recentChars.set(0);
    } else if (recentChars.get() > MAX_RECENT_TOTAL_CHARS) {
      // live watchers still get everything; only replays to late ones start afresh (the counts
      // stay, so offsets and indexes keep counting from where they were)
      for (Recent r : recent.values()) {
        synchronized (r) {
          recentChars.addAndGet(-r.chars);
          r.items.clear();
          r.chars = 0;
        }
      }
    }
    return recent.computeIfAbsent(id, k -> new Recent());
  }

  /**
   * Keeps {@code item} of {@code chars} characters when the execution's buffer has room; holds its
   * lock.
   */
  private void keep(Recent past, Object item, int chars) {
    if (past.items.size() < MAX_RECENT && past.chars + chars <= MAX_RECENT_CHARS) {
      past.items.add(item);
      past.chars += chars;
      recentChars.addAndGet(chars);
    }
  }

  @Override
  public void changed(Execution e, EventType type) {
    if (e.status().isTerminal()) {
      forget(e.id());
      List<Waiter> list = waiters.remove(e.id());
      if (list != null) {
        run(answering, () -> list.forEach(w -> w.future().complete(e)));
      }
    }
    List<Watcher> streams = watchers.get(e.id());
    if (streams != null) {
      run(telling, () -> forEachWatcher(e.id(), Watcher::changed));
    }
  }

  private static void run(java.util.concurrent.Executor executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shutting down: nobody is left to answer
    }
  }

  private void recheck() {
    try {
      if (!waiters.isEmpty()) {
        answerTerminal(List.copyOf(waiters.keySet()));
      }
      watchers.forEach(
          (id, list) ->
              list.forEach(
                  w ->
                      run(
                          telling,
                          () -> {
                            try {
                              w.changed();
                              w.tick();
                            } catch (RuntimeException ex) {
                              LOG.debug("watcher failed", ex);
                            }
                          })));
    } catch (RuntimeException e) {
      LOG.warn("execution re-check failed", e);
    }
  }

  /** Answers the waiters of those of {@code ids} that are terminal, reading 500 at a time. */
  private void answerTerminal(List<String> ids) {
    try {
      for (int i = 0; i < ids.size(); i += 500) {
        List<String> batch = ids.subList(i, Math.min(ids.size(), i + 500));
        jdbi.withHandle(h -> executions.findTerminal(h, batch))
            .forEach(
                e -> {
                  List<Waiter> list = waiters.remove(e.id());
                  if (list != null) {
                    list.stream()
                        .filter(w -> w.orgId().equals(e.orgId()))
                        .forEach(w -> w.future().complete(e));
                  }
                });
      }
    } catch (RuntimeException e) {
      LOG.warn("reading finished executions failed; the re-check retries", e);
    }
  }

  private Optional<Execution> current(String orgId, String id) {
    return jdbi.withHandle(h -> executions.findById(h, orgId, id));
  }

  private void remove(String id, Waiter waiter) {
    waiters.computeIfPresent(
        id,
        (k, list) -> {
          list.remove(waiter);
          return list.isEmpty() ? null : list;
        });
  }

  private void forEachWatcher(String id, java.util.function.Consumer<Watcher> action) {
    List<Watcher> list = watchers.get(id);
    if (list != null) {
      for (Watcher w : list) {
        try {
          action.accept(w);
        } catch (RuntimeException ex) {
          LOG.debug("watcher failed", ex);
        }
      }
    }
  }

  @Override
  public void close() {
    recheck.cancel(false);
    timer.shutdownNow();
    answering.shutdownNow();
    telling.shutdownNow();
    waiters.values().forEach(list -> list.forEach(w -> w.future().cancel(false)));
    waiters.clear();
    watchers.clear();
    recent.clear();
  }
}
