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
 * Lets callers wait for executions without holding a thread: SYNC requests wait for a terminal
 * state, event streams follow every change, progress report and text delta.
 *
 * <p>Changes committed on this node arrive at once (it is an {@link ExecutionListener}); changes
 * made by other nodes are found by a re-check every {@link #DEFAULT_RECHECK} (one query for all
 * waiting executions). Progress and text deltas exist only on the node running the execution.
 * Waiting costs a map entry and a future, not a thread. Thread-safe.
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

    /** A periodic nudge (every re-check), e.g. for keep-alives. */
    default void tick() {}
  }

  private record Waiter(String orgId, CompletableFuture<Execution> future) {}

  private final Jdbi jdbi;
  private final JdbiExecutionStore executions;
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
  /** Progress and text of running executions, so a stream that subscribes late still gets them. */
  private final Map<String, List<Object>> recent = new ConcurrentHashMap<>();
  /** Most progress/delta items kept per running execution. */
  static final int MAX_RECENT = 1024;
  /** Most running executions whose progress/text is kept. */
  static final int MAX_RECENT_EXECUTIONS = 10_000;
  private final ScheduledExecutorService timer;
  private final ScheduledFuture<?> recheck;
  /**
   * Changes are heard on the threads that commit them (settlement writers, the claim loop): the
   * waiting requests are answered and the streams told on these threads instead, so a stream
   * whose client stopped reading stalls only its own thread, never the engine.
   */
  private final java.util.concurrent.ThreadPoolExecutor answering = pool("modelroute-watch-answer", 2);
  private final java.util.concurrent.ThreadPoolExecutor telling = pool("modelroute-watch-streams", STREAM_THREADS);
  /** Threads telling event streams of changes; a stream stuck in a write holds one until its write times out. */
  static final int STREAM_THREADS = 16;

  private static java.util.concurrent.ThreadPoolExecutor pool(String name, int threads) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    var pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  public ExecutionWatch(Jdbi jdbi, JdbiExecutionStore executions, Duration recheckEvery) {
    this.jdbi = jdbi;
    this.executions = executions;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "modelroute-watch");
      t.setDaemon(true);
      return t;
    });
    long ms = recheckEvery.toMillis();
    this.recheck = timer.scheduleWithFixedDelay(this::recheck, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Completes with the execution once it is terminal, or with its current state when
   * {@code wait} runs out. Fails with {@code NOT_FOUND} for a missing or foreign execution.
   */
  public CompletableFuture<Execution> terminal(String orgId, String id, Duration wait) {
    Execution now = jdbi.withHandle(h -> executions.findById(h, orgId, id))
        .orElseThrow(() -> ModelRouteException.notFound("Execution"));
    if (now.status().isTerminal() || wait.isZero() || wait.isNegative()) {
      return CompletableFuture.completedFuture(now);
    }
    CompletableFuture<Execution> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(orgId, future);
    waiters.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(waiter);
    ScheduledFuture<?> timeout = timer.schedule(() -> {
      remove(id, waiter);
      current(orgId, id).ifPresentOrElse(future::complete, () -> future.complete(now));
    }, wait.toMillis(), TimeUnit.MILLISECONDS);
    future.whenComplete((e, t) -> {
      timeout.cancel(false);
      remove(id, waiter);
    });
    // it may have finished between the read and the registration
    current(orgId, id).filter(e -> e.status().isTerminal()).ifPresent(future::complete);
    return future;
  }

  /**
   * Registers a watcher for one execution and replays to it the progress and text the execution
   * has reported so far (it may have started before the watcher came); close the returned handle
   * to stop.
   */
  public AutoCloseable watch(String id, Watcher watcher) {
    List<Object> past = recent.get(id);
    if (past != null) {
      synchronized (past) {
        for (Object item : past) {
          if (item instanceof Integer percent) {
            watcher.progress(percent);
          } else {
            watcher.delta((String) item);
          }
        }
        watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(watcher);
      }
    } else {
      watchers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(watcher);
    }
    return () -> watchers.computeIfPresent(id, (k, list) -> {
      list.remove(watcher);
      return list.isEmpty() ? null : list;
    });
  }

  /** How many requests and streams are waiting, for metrics and tests. */
  public int waiting() {
    return waiters.values().stream().mapToInt(List::size).sum()
        + watchers.values().stream().mapToInt(List::size).sum();
  }

  /** The dispatcher reports provider progress here. */
  public void progress(String id, int percent) {
    remember(id, percent, () -> forEachWatcher(id, w -> w.progress(percent)));
  }

  /** The dispatcher reports streamed text here. */
  public void delta(String id, String text) {
    remember(id, text, () -> forEachWatcher(id, w -> w.delta(text)));
  }

  /** Keeps {@code item} for late watchers and tells the current ones, atomically with {@link #watch}. */
  private void remember(String id, Object item, Runnable tell) {
    if (recent.size() > MAX_RECENT_EXECUTIONS) {
      recent.clear(); // executions finished elsewhere never clear themselves; bound the map
    }
    List<Object> past = recent.computeIfAbsent(id, k -> new java.util.ArrayList<>());
    synchronized (past) {
      if (past.size() < MAX_RECENT) {
        past.add(item);
      }
      tell.run();
    }
  }

  @Override
  public void changed(Execution e, EventType type) {
    if (e.status().isTerminal()) {
      recent.remove(e.id());
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
        List<String> ids = List.copyOf(waiters.keySet());
        for (int i = 0; i < ids.size(); i += 500) {
          List<String> batch = ids.subList(i, Math.min(ids.size(), i + 500));
          jdbi.withHandle(h -> executions.findTerminal(h, batch)).forEach(e -> {
            List<Waiter> list = waiters.remove(e.id());
            if (list != null) {
              list.stream().filter(w -> w.orgId().equals(e.orgId())).forEach(w -> w.future().complete(e));
            }
          });
        }
      }
      watchers.forEach((id, list) -> list.forEach(w -> run(telling, () -> {
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

  private Optional<Execution> current(String orgId, String id) {
    return jdbi.withHandle(h -> executions.findById(h, orgId, id));
  }

  private void remove(String id, Waiter waiter) {
    waiters.computeIfPresent(id, (k, list) -> {
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
