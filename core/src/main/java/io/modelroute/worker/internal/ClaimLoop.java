package io.modelroute.worker.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every leased worker shares: claim due rows up to the free slots of a bounded pool, run
 * each on the pool, and sleep until woken (by {@link #wake()}, a time set with {@link
 * #wakeAt(Instant)}, or the poll interval). {@link #runOnce(Instant)} does one synchronous round
 * for tests driven by a settable clock. Thread-safe.
 *
 * @param <T> a claimed unit of work
 */
public final class ClaimLoop<T> {
  /** What the loop claims and runs. */
  public interface Work<T> {
    /** Claims up to {@code limit} due items, leasing them to this node. */
    List<T> claim(Instant now, int limit);

    /** Runs one claimed item; exceptions are logged. */
    default void run(T item, Instant now) {
      throw new UnsupportedOperationException("implement run or runAsync");
    }

    /**
     * Starts one claimed item and returns when its work is done; its worker slot is held until
     * then, the pool thread only while this method runs. A stage completing with {@code
     * Boolean.FALSE} means the item was put back without running (not counted by {@link #runOnce}).
     * A stage completing with another {@link CompletionStage} frees the slot at once and leaves
     * that trailing stage (a group-committed write) to finish on its own: {@link #runOnce} and
     * {@link #shutdown} still wait for it. The default runs {@link #run} here.
     */
    default CompletionStage<?> runAsync(T item, Instant now) {
      run(item, now);
      return CompletableFuture.completedFuture(null);
    }

    /**
     * Called before claiming (expiry sweeps, heartbeats…): on every turn of the background loop,
     * which may throttle, and with {@code forced} true at the start of {@link #runOnce}, which must
     * not.
     */
    default void housekeeping(Instant now, boolean forced) {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(ClaimLoop.class);

  private final String name;
  private final int threads;
  private final Duration pollInterval;
  private final Clock clock;
  private final Work<T> work;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final Object signal = new Object();
  private final AtomicInteger wakeups = new AtomicInteger();
  private final AtomicLong nextWakeMillis = new AtomicLong(Long.MAX_VALUE);

  /** Trailing stages of items whose slot was freed (see {@link Work#runAsync}). */
  private final java.util.Set<CompletableFuture<?>> trailing =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private volatile boolean running;
  private Thread loop;

  public ClaimLoop(String name, int threads, Duration pollInterval, Clock clock, Work<T> work) {
    this.name = name;
    this.threads = threads;
    this.pollInterval = pollInterval;
    this.clock = clock;
    this.work = work;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.slots = new Semaphore(threads);
  }

  /** Starts the background loop. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    loop = new Thread(this::loop, name);
    loop.setDaemon(true);
    loop.start();
  }

  public boolean isRunning() {
    return running && loop != null && loop.isAlive();
  }

  /** Look for work now instead of at the next poll. */
  public void wake() {
    wakeups.incrementAndGet();
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Look for work no later than {@code at} (e.g. when a parked item falls due). */
  public void wakeAt(Instant at) {
    nextWakeMillis.accumulateAndGet(at.toEpochMilli(), Math::min);
    wake();
  }

  /** Runs a side task (best-effort calls) on the pool. */
  public void execute(Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("{} is shutting down; task dropped", name);
    }
  }

  /**
   * One synchronous round: housekeeping, then claim and run everything due at {@code now}, batch by
   * batch, until nothing due is left. Returns how many items ran (put-back ones not counted).
   */
  public int runOnce(Instant now) {
    work.housekeeping(now, true);
    int total = 0;
    List<T> claimed;
    while (!(claimed = work.claim(now, threads)).isEmpty()) {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : claimed) {
        futures.add(
            CompletableFuture.supplyAsync(() -> work.runAsync(item, now), pool)
                .thenCompose(stage -> stage));
      }
      for (Future<?> f : futures) {
        try {
          Object result = f.get();
          if (result instanceof CompletionStage<?> rest) {
            awaitQuietly(rest.toCompletableFuture());
          }
          if (!Boolean.FALSE.equals(result)) {
            total++;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return total;
        } catch (ExecutionException e) {
          LOG.error("{}: work failed", name, e.getCause());
          total++;
        }
      }
    }
    return total;
  }

  private void awaitQuietly(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get();
    } catch (ExecutionException e) {
      LOG.error("{}: work failed", name, e.getCause());
    }
  }

  private void loop() {
    while (running) {
      try {
        Instant now = clock.instant();
        work.housekeeping(now, false);
        int seen = wakeups.get();
        int started = dispatchAvailable(now);
        if (started == 0 || slots.availablePermits() == 0) {
          waitForSignal(seen);
        }
      } catch (RuntimeException e) {
        LOG.error("{} loop error; retrying", name, e);
        waitForSignal(wakeups.get());
      }
    }
  }

  private int dispatchAvailable(Instant now) {
    int free = slots.availablePermits();
    if (free == 0) {
      return 0;
    }
    List<T> claimed = work.claim(now, free);
    for (T item : claimed) {
      slots.acquireUninterruptibly();
      try {
        pool.execute(
            () -> {
              CompletionStage<?> stage;
              try {
                stage = work.runAsync(item, clock.instant());
              } catch (RuntimeException e) {
                LOG.error("{}: work failed", name, e);
                stage = CompletableFuture.completedFuture(null);
              }
              stage.whenComplete(
                  (v, t) -> {
                    if (t != null) {
                      LOG.error("{}: work failed", name, t);
                    }
                    if (v instanceof CompletionStage<?> rest) {
                      CompletableFuture<?> f = rest.toCompletableFuture();
                      trailing.add(f);
                      f.whenComplete((x, y) -> trailing.remove(f));
                    }
                    slots.release();
                    wake();
                  });
            });
      } catch (RejectedExecutionException e) {
        slots.release();
      }
    }
    return claimed.size();
  }

  private void waitForSignal(int seenWakeups) {
    long waitMs = pollInterval.toMillis();
    long nextWake = nextWakeMillis.get();
    if (nextWake != Long.MAX_VALUE) {
      long until = nextWake - clock.millis();
      if (until <= 0) {
        nextWakeMillis.compareAndSet(nextWake, Long.MAX_VALUE);
        return;
      }
      waitMs = Math.min(waitMs, until);
    }
    synchronized (signal) {
      if (wakeups.get() != seenWakeups || !running) {
        return;
      }
      try {
        signal.wait(Math.max(1, waitMs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  /**
   * Stops claiming and waits up to {@code grace} for running work; the caller then releases leases.
   */
  public void shutdown(Duration grace) {
    running = false;
    wake();
    if (loop != null) {
      try {
        loop.join(grace.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      // work started by the loop holds a slot until it is done, also when it runs off the pool
      if (slots.tryAcquire(threads, grace.toMillis(), TimeUnit.MILLISECONDS)) {
        slots.release(threads);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      CompletableFuture.allOf(trailing.toArray(CompletableFuture[]::new))
          .get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.debug("{}: trailing work did not finish cleanly within the grace period", name, e);
    }
    pool.shutdown();
    try {
      pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
