package io.modelroute.provider.demo;

import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;

/** STUB (being implemented on another branch). */
public final class DemoProvider implements Provider {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public ProviderOutcome start(ProviderRequest request) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public ProviderOutcome poll(ProviderRequest request, String jobId) {
    throw new UnsupportedOperationException("TODO");
  }

  @Override
  public void cancel(ProviderRequest request, String jobId) {}
}
