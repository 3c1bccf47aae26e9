package io.modelroute.cli;

import io.modelroute.client.ModelRouteClient.Sleeper;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What commands take from the process around them — environment variables, time, sleeping and
 * whether a person is watching — so tests can replace each. Immutable.
 *
 * @param variables environment variables ({@code MODELROUTE_URL}, {@code MODELROUTE_API_KEY}, …)
 * @param clock the clock for elapsed times and deadlines
 * @param sleeper how commands wait between polls (tests pass one that advances a fake clock)
 * @param interactive whether stderr is a terminal, so progress may rewrite its line in place
 */
record CliEnvironment(
    Map<String, String> variables, Clock clock, Sleeper sleeper, boolean interactive) {
  CliEnvironment {
    variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
  }

  /** The real process: {@link System#getenv()}, the system clock, {@link Thread#sleep}. */
  static CliEnvironment system() {
    return new CliEnvironment(
        System.getenv(), Clock.systemUTC(), Sleeper.SYSTEM, System.console() != null);
  }

  /** The variable {@code name}, when it is set to something other than blanks. */
  Optional<String> variable(String name) {
    return Optional.ofNullable(variables.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }
}
