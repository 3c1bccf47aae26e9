package io.modelroute.db;

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
  /** Connections in the pool unless configured otherwise. */
  public static final int DEFAULT_POOL_SIZE = 16;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
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
    config.setConnectionTimeout(2_000); // an unreachable database answers 503 in ~2 s, not a 10 s hang
    HikariDataSource ds = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Database(ds, dialect);
  }

  /**
   * The embedded H2 file database under {@code dataDir}. Commits are written through at once
   * ({@code WRITE_DELAY=0}) so a committed transaction survives a kill -9 of the process, and
   * {@code AUTO_SERVER} lets a second local process (the admin CLI) use the same file while the
   * server runs.
   */
  public static String h2FileUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("modelroute")
        + ";WRITE_DELAY=0;AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public Dialect dialect() {
    return dialect;
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
    dataSource.close();
  }
}
