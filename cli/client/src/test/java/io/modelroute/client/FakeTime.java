package io.modelroute.client;

import io.modelroute.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sleeper that does not block: every sleep is recorded and moves {@link #clock} (the one fake
 * clock of the test suites) by as much, so retries and waits run at once in tests.
 */
public final class FakeTime implements ModelRouteClient.Sleeper {
  public final SettableClock clock = new SettableClock(Instant.parse("2026-03-20T10:30:00Z"));
  public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    clock.advance(duration);
  }
}
