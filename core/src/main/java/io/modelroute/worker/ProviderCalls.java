package io.modelroute.worker;

import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Runs provider calls off the worker slots, on one small executor per provider, each call with its
 * own timeout. A provider can have at most its share of calls running ({@link #tryReserve}), so a
 * hung provider ties up only its own threads; a call that outlives its timeout completes with a
 * retryable {@code GENERATION_TIMEOUT} and its thread is interrupted; {@link #abort} (cancel,
 * expiry) does the same at once. Thread-safe.
 */
final class ProviderCalls implements AutoCloseable {
  /** A call aborted because its execution was cancelled or expired meanwhile. */
  static final class Aborted extends CancellationException {
    Aborted() {
      super("the execution moved on; the call was aborted");
    }
  }

  /** A call that outlived its attempt timeout. */
  static final class TimedOut extends RuntimeException {
    TimedOut(Duration timeout) {
      super("no answer within " + timeout.toMillis() + " ms", null, false, false);
    }

    /** The attempt's failure: a retryable GENERATION_TIMEOUT that names no provider. */
    ProviderException failure() {
      return new ProviderException(
          ErrorCode.GENERATION_TIMEOUT, "The model did not answer in time (" + getMessage() + ")");
    }
  }

  private record Running(Future<?> task, CompletableFuture<ProviderOutcome> result) {}

  private final ToIntFunction<String> share;
  private final Map<String, ThreadPoolExecutor> executors = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "modelroute-call-timeouts");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param share the most calls running at once per provider
   */
  ProviderCalls(ToIntFunction<String> share) {
    this.share = share;
  }

  /** Takes one of the provider's call slots; false when all of them are in use. */
  boolean tryReserve(String provider) {
    return permits(provider).tryAcquire();
  }

  /** Gives back a slot taken with {@link #tryReserve} that was not used for a call. */
  void unreserve(String provider) {
    permits(provider).release();
  }

  /** Calls running (or queued) at {@code provider}. */
  int running(String provider) {
    return share.applyAsInt(provider) - permits(provider).availablePermits();
  }

  /**
   * Runs {@code call} for {@code executionId} on the provider's threads, in a slot taken with
   * {@link #tryReserve} (given back when the returned future completes). The future fails with a
   * {@link TimedOut} after {@code timeout}, or with {@link Aborted} after {@link #abort}.
   */
  CompletableFuture<ProviderOutcome> submit(
      String executionId, String provider, Duration timeout, Callable<ProviderOutcome> call) {
    CompletableFuture<ProviderOutcome> result = new CompletableFuture<>();
    Future<?> task;
    try {
      task =
          executor(provider)
              .submit(
                  () -> {
                    try {
                      result.complete(call.call());
                    } catch (Throwable t) {
                      result.completeExceptionally(t);
                    }
                  });
    } catch (RejectedExecutionException e) {
      unreserve(provider);
      result.completeExceptionally(
          new ProviderException(ErrorCode.SERVICE_UNAVAILABLE, "Shutting down", e));
      return result;
    }
    Running r = new Running(task, result);
    running.put(executionId, r);
    ScheduledFuture<?> timeoutTask =
        timer.schedule(
            () -> {
              if (result.completeExceptionally(new TimedOut(timeout))) {
                task.cancel(true);
              }
            },
            Math.max(1, timeout.toMillis()),
            TimeUnit.MILLISECONDS);
    result.whenComplete(
        (o, t) -> {
          timeoutTask.cancel(false);
          running.remove(executionId, r);
          unreserve(provider);
        });
    return result;
  }

  /**
   * Aborts the execution's running call, if any: its future fails with {@link Aborted}, its thread
   * is interrupted.
   */
  boolean abort(String executionId) {
    Running r = running.get(executionId);
    if (r != null && r.result().completeExceptionally(new Aborted())) {
      r.task().cancel(true);
      return true;
    }
    return false;
  }

  private Semaphore permits(String provider) {
    return permits.computeIfAbsent(provider, p -> new Semaphore(share.applyAsInt(p)));
  }

  private ThreadPoolExecutor executor(String provider) {
    return executors.computeIfAbsent(
        provider,
        p -> {
          int n = share.applyAsInt(p);
          AtomicInteger count = new AtomicInteger();
          ThreadPoolExecutor pool =
              new ThreadPoolExecutor(
                  n,
                  n,
                  30,
                  TimeUnit.SECONDS,
                  new LinkedBlockingQueue<>(),
                  r -> {
                    Thread t =
                        new Thread(r, "modelroute-call-" + p + "-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
          pool.allowCoreThreadTimeOut(true);
          return pool;
        });
  }

  /**
   * Runs a best-effort task (asking the provider to cancel a job) on the provider's threads, not on
   * a worker; interrupted after {@code timeout}.
   */
  void runDetached(String provider, Duration timeout, Runnable task) {
    try {
      Future<?> f = executor(provider).submit(task);
      timer.schedule(() -> f.cancel(true), Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down: best effort only
    }
  }

  /** Interrupts every running call and stops the threads. */
  @Override
  public void close() {
    running.keySet().forEach(this::abort);
    executors.values().forEach(ThreadPoolExecutor::shutdownNow);
    timer.shutdownNow();
  }
}
