package io.modelroute.db.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh, migrated databases for tests: an in-memory H2 per call, and a new database per call inside
 * one embedded PostgreSQL started once per test JVM (never one server per test).
 */
public final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static volatile EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A new, empty, migrated database of the given kind. Close it when done. */
  public static Database open(Dialect dialect) {
    return Database.open(jdbcUrl(dialect), user(dialect), password(dialect), 12);
  }

  /** A JDBC URL to a new, empty database of the given kind (not yet migrated). */
  public static String jdbcUrl(Dialect dialect) {
    return switch (dialect) {
      case H2 ->
          "jdbc:h2:mem:t"
              + UUID.randomUUID().toString().replace("-", "")
              + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
      case POSTGRESQL -> newPostgresDatabase();
    };
  }

  public static String user(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? "postgres" : "sa";
  }

  public static String password(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? "postgres" : "";
  }

  private static String newPostgresDatabase() {
    EmbeddedPostgres pg = postgres();
    String name = "t" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid();
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database", e);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  private static EmbeddedPostgres postgres() {
    EmbeddedPostgres pg = postgres;
    if (pg == null) {
      synchronized (TestDatabases.class) {
        pg = postgres;
        if (pg == null) {
          try {
            pg =
                EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
          }
          EmbeddedPostgres started = pg;
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        try {
                          started.close();
                        } catch (IOException ignored) {
                          // the JVM is going away
                        }
                      }));
          postgres = pg;
        }
      }
    }
    return pg;
  }
}
