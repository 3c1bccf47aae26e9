package io.modelroute.db.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Server-wide values stored in the database so that every node sharing it sees the same ones — e.g.
 * the key that signs file URLs, made by whichever node starts first. Thread-safe.
 */
public final class ServerSettings {
  private final Jdbi jdbi;
  private final Clock clock;

  public ServerSettings(Jdbi jdbi, Clock clock) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The value named {@code name}; when there is none yet, stores {@code initial}'s value first.
   * Several nodes racing on an empty database all end up with the one value that was stored first.
   */
  public String getOrCreate(String name, Supplier<String> initial) {
    var existing = find(name);
    if (existing != null) {
      return existing;
    }
    String value = Objects.requireNonNull(initial.get(), "initial value");
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO server_settings (name, setting_value, created_at) VALUES (:name, :value, :now)")
                  .bind("name", name)
                  .bind("value", value)
                  .bind("now", clock.instant())
                  .execute());
      return value;
    } catch (JdbiException e) {
      if (!SqlErrors.isUniqueViolation(e)) {
        throw e;
      }
      // another node stored it first: use theirs
      String winner = find(name);
      if (winner == null) {
        throw e;
      }
      return winner;
    }
  }

  private String find(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT setting_value FROM server_settings WHERE name = :name")
                .bind("name", name)
                .mapTo(String.class)
                .findOne()
                .orElse(null));
  }
}
