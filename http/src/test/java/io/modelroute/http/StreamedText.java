package io.modelroute.http;

import io.modelroute.catalog.Usage;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A streaming text provider (it replaces {@code demo}): streams "Hello, " and "world", waits for
 * the gate of its prompt if the test set one, then streams "!" and completes with "Hello, world!".
 */
final class StreamedText implements Provider {
  static final String TEXT = "Hello, world!";
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  /**
   * The gate an execution with {@code prompt} waits at after "world"; count it down to let it
   * finish.
   */
  CountDownLatch gate(String prompt) {
    return gates.computeIfAbsent(prompt, p -> new CountDownLatch(1));
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public ProviderOutcome start(ProviderRequest request) {
    request.listener().onDelta("Hello, ");
    request.listener().onDelta("world");
    CountDownLatch gate = gates.get(request.input().path("prompt").asText());
    if (gate != null) {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    request.listener().onDelta("!");
    return ProviderOutcome.Completed.text(TEXT, Usage.tokens(1, 3));
  }

  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void cancel(ProviderRequest request, String jobId) {}
}
