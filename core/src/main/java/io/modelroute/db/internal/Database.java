package io.modelroute.db.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * A pooled connection to the ModelRoute database with the schema migrated to the current version.
 *
 * <p>Migrations are Flyway's versioned scripts under {@code db/migration}; Flyway takes a database
 * lock while migrating, so several nodes can start at once against one PostgreSQL. Thread-safe;
 * close it to release the pool.
 */
public final class Database implements AutoCloseable {
  /**
   * PostgreSQL's admin/crash shutdown and "cannot connect now"; H2's broken connection and closed
   * database.
   */
  private static final java.util.Set<String> UNAVAILABLE_STATES =
      java.util.Set.of("57P01", "57P02", "57P03", "90067", "90098");

  /**
   * Whether {@code failure}, or one of its causes, says the database could not be reached (no
   * connection within the pool's timeout, a broken connection, a server shutting down or starting),
   * as opposed to an SQL error of a working database.
   */
  public static boolean isUnreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
          return true;
        }
        String message = sql.getMessage();
        if (message != null && message.contains("Connection is not available")) {
          return true; // HikariCP: no connection within connectionTimeout
        }
      }
    }
    return false;
  }

  /** Connections in the pool unless configured otherwise. */
  public static final int DEFAULT_POOL_SIZE = 16;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final LocalPostgres localServer;

  private Database(HikariDataSource dataSource, Dialect dialect, LocalPostgres localServer) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
    this.localServer = localServer;
  }

  /**
   * The embedded default: the {@link LocalPostgres} server of {@code dataDir} (started, or reused
   * if it already runs), migrated. Closing the database stops the server if this process owns it.
   *
   * @param takeOver whether this process becomes the server's owner (a server node does)
   */
  public static Database openLocal(Path dataDir, int poolSize, boolean takeOver) {
    LocalPostgres server = LocalPostgres.open(dataDir, takeOver);
    try {
      Database db = open(server.jdbcUrl(), LocalPostgres.USER, "", poolSize);
      return new Database(db.dataSource, db.dialect, server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Opens (creating if needed) the database at {@code jdbcUrl} and migrates it.
   *
   * @param jdbcUrl {@code jdbc:h2:…} or {@code jdbc:postgresql:…}
   */
  public static Database open(String jdbcUrl, String user, String password, int poolSize) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect dialect = Dialect.fromJdbcUrl(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setPoolName("modelroute");
    config.setAutoCommit(true);
    config.setConnectionTimeout(
        2_000); // an unreachable database answers 503 in ~2 s, not a 10 s hang
    HikariDataSource ds = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds, dialect, null);
  }

  /**
   * An H2 file database under {@code dataDir}, for those who ask for one with {@code --db-url} (the
   * embedded default is {@link #openLocal}). Commits are written through at once ({@code
   * WRITE_DELAY=0}); see docs/crash-safety.md for why this is still not crash-safe under concurrent
   * load. No {@code AUTO_SERVER}: one process owns the file, so a second process (the admin CLI)
   * fails to open it while a server runs instead of silently serving the server's connections from
   * its own JVM.
   */
  public static String h2FileUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("modelroute")
        + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * With {@code WRITE_DELAY=0} H2 runs no background housekeeping, so the file only grows while
   * open (≈ 110 KB per execution in the crash soak); a full compaction on a clean stop brings it
   * back to the live data (≈ 2 KB per execution). Best effort: a stop never fails because of it.
   */
  private void compactH2File() {
    try (Connection c = dataSource.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("SHUTDOWN COMPACT");
    } catch (SQLException e) {
      // another node or the pool already closed it; the next open works either way
    }
  }

  /**
   * A connection of its own, outside the pool, for a session that must stay open and be the same
   * one throughout (PostgreSQL's LISTEN). {@code applicationName} shows in {@code
   * pg_stat_activity}. The caller closes it.
   */
  public Connection connectDirectly(String applicationName) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    if (dataSource.getUsername() != null) {
      props.setProperty("user", dataSource.getUsername());
    }
    if (dataSource.getPassword() != null) {
      props.setProperty("password", dataSource.getPassword());
    }
    if (dialect == Dialect.POSTGRESQL) {
      props.setProperty("ApplicationName", applicationName);
      props.setProperty("tcpKeepAlive", "true");
      props.setProperty("connectTimeout", "5");
      props.setProperty(
          "socketTimeout", "30"); // a dead peer is noticed by the next query, not never
    }
    return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), props);
  }

  /** Whether a connection can be had and answers a trivial query. */
  public boolean isReachable() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (dialect == Dialect.H2 && dataSource.getJdbcUrl().startsWith("jdbc:h2:file:")) {
      compactH2File();
    }
    dataSource.close();
    if (localServer != null) {
      localServer.close();
    }
  }
}
