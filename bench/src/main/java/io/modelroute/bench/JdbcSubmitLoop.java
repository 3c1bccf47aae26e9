package io.modelroute.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL submit baseline: N threads, each running the smallest honest submit transaction in
 * a loop — INSERT the idempotency key, conditionally UPDATE the balance (hold the price only if the
 * available balance covers it), INSERT the execution — and COMMIT. Plain JDBC, prepared statements,
 * a Hikari pool of N connections, autocommit off, PostgreSQL's default isolation.
 */
final class JdbcSubmitLoop {
  /** Commits per second over the run; {@code rejected} = balance too low (should stay 0). */
  record Result(double perSecond, long commits, long rejected, long errors) {}

  private JdbcSubmitLoop() {}

  static void createSchema(String url, String user, String password, int accounts)
      throws SQLException {
    try (Connection c = java.sql.DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE accounts (org_id VARCHAR(40) PRIMARY KEY, balance_micros BIGINT NOT NULL,"
              + " held_micros BIGINT NOT NULL, CHECK (balance_micros - held_micros >= 0))");
      s.execute(
          "CREATE TABLE idempotency (org_id VARCHAR(40) NOT NULL, idem_key VARCHAR(255) NOT NULL,"
              + " created_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (org_id, idem_key))");
      s.execute(
          "CREATE TABLE executions (id VARCHAR(48) PRIMARY KEY, org_id VARCHAR(40) NOT NULL REFERENCES accounts,"
              + " model VARCHAR(100) NOT NULL, status VARCHAR(20) NOT NULL, input TEXT NOT NULL, hold_micros BIGINT NOT NULL,"
              + " created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
      s.execute("CREATE INDEX executions_org ON executions (org_id, created_at)");
      s.execute("CREATE INDEX executions_due ON executions (status, created_at)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, 0)")) {
        for (int i = 0; i < accounts; i++) {
          ps.setString(1, "org_" + i);
          ps.setLong(2, 1_000_000_000_000L);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  static Result run(
      String url, String user, String password, int threads, int accounts, int seconds)
      throws InterruptedException {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(threads);
    hc.setMinimumIdle(threads);
    hc.setAutoCommit(false);
    try (HikariDataSource ds = new HikariDataSource(hc)) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong commits = new AtomicLong();
      AtomicLong rejected = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      Thread[] workers = new Thread[threads];
      String input = "{\"prompt\":\"A futuristic city skyline at sunset\"}";
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        workers[t] =
            new Thread(
                () -> {
                  try (Connection c = ds.getConnection();
                      PreparedStatement idem =
                          c.prepareStatement(
                              "INSERT INTO idempotency (org_id, idem_key) VALUES (?, ?)");
                      PreparedStatement hold =
                          c.prepareStatement(
                              "UPDATE accounts SET held_micros = held_micros + ?"
                                  + " WHERE org_id = ? AND balance_micros - held_micros >= ?");
                      PreparedStatement exec =
                          c.prepareStatement(
                              "INSERT INTO executions (id, org_id, model, status, input,"
                                  + " hold_micros) VALUES (?, ?, ?, 'PENDING', ?, ?)")) {
                    while (!stop.get()) {
                      String org = "org_" + ThreadLocalRandom.current().nextInt(accounts);
                      try {
                        idem.setString(1, org);
                        idem.setString(2, UUID.randomUUID().toString());
                        idem.executeUpdate();
                        hold.setLong(1, 48_000);
                        hold.setString(2, org);
                        hold.setLong(3, 48_000);
                        if (hold.executeUpdate() == 0) {
                          c.rollback();
                          rejected.incrementAndGet();
                          continue;
                        }
                        exec.setString(1, "exec_" + UUID.randomUUID());
                        exec.setString(2, org);
                        exec.setString(3, "flux-1.1-pro");
                        exec.setString(4, input);
                        exec.setLong(5, 48_000);
                        exec.executeUpdate();
                        c.commit();
                        commits.incrementAndGet();
                      } catch (SQLException e) {
                        errors.incrementAndGet();
                        try {
                          c.rollback();
                        } catch (SQLException ignored) {
                          // the connection is gone; the next statement says so
                        }
                      }
                    }
                  } catch (SQLException e) {
                    errors.incrementAndGet();
                  }
                },
                "jdbc-loop-" + t);
        workers[t].start();
      }
      Thread.sleep(seconds * 1000L);
      stop.set(true);
      long committed = commits.get();
      double elapsed = (System.nanoTime() - start) / 1e9;
      for (Thread w : workers) {
        w.join(10_000);
      }
      return new Result(committed / elapsed, committed, rejected.get(), errors.get());
    }
  }
}
