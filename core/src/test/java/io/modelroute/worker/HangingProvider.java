package io.modelroute.worker;

import io.modelroute.SettableClock;
import io.modelroute.catalog.Usage;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider that never answers until {@link #release()}: every {@code start} blocks (after moving
 * the test clock on by {@code elapsed}, as if time passed while it hung), counts itself in {@link
 * #started}, and counts an interrupt in {@link #interrupted}. Thread-safe.
 */
final class HangingProvider implements Provider {
  final Semaphore started = new Semaphore(0);
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  final Semaphore interrupted = new Semaphore(0);
  private final CountDownLatch released = new CountDownLatch(1);

  /** The test engine's clock, once it exists; null leaves time alone. */
  volatile SettableClock clock;

  volatile Duration elapsed = Duration.ZERO;
  private final String name;

  /** A provider named {@code hang}. */
  HangingProvider() {
    this("hang");
  }

  HangingProvider(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  /** Lets every blocked and later call return a result. */
  void release() {
    released.countDown();
  }

  @Override
  public ProviderOutcome start(ProviderRequest request) {
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    started.release();
    try {
      if (clock != null) {
        clock.advance(elapsed);
      }
      released.await();
      return ProviderOutcome.Completed.text("late", Usage.tokens(1, 1));
    } catch (InterruptedException e) {
      interrupted.release();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      running.decrementAndGet();
    }
  }

  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void cancel(ProviderRequest request, String jobId) {}
}
