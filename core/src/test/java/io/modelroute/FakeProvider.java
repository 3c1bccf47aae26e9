package io.modelroute;

import io.modelroute.catalog.Usage;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider tests script: each start() takes the next scripted failure, or completes with a text
 * result when the script is empty. Counts calls. Thread-safe.
 */
public final class FakeProvider implements Provider {
  private final String name;
  private final ConcurrentLinkedQueue<ErrorCode> failures = new ConcurrentLinkedQueue<>();
  public final AtomicInteger starts = new AtomicInteger();

  public FakeProvider(String name) {
    this.name = name;
  }

  /** The next {@code times} starts fail with {@code code}. */
  public FakeProvider failing(ErrorCode code, int times) {
    for (int i = 0; i < times; i++) {
      failures.add(code);
    }
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ProviderOutcome start(ProviderRequest request) {
    starts.incrementAndGet();
    ErrorCode failure = failures.poll();
    if (failure != null) {
      throw new ProviderException(failure, name + " scripted failure " + failure);
    }
    return ProviderOutcome.Completed.text("from " + name, Usage.tokens(1, 1));
  }

  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void cancel(ProviderRequest request, String jobId) {}
}
