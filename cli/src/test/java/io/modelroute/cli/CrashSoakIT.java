package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.db.internal.Database;
import io.modelroute.db.internal.LocalPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md on the embedded default and on PostgreSQL: 16 concurrent submitters over a
 * mixed catalog, kill -9 at random moments (10 times; {@code -Dsoak.kills=N} for more), restart,
 * replay of unanswered creates, an operator's {@code admin ledger-check} from a second process now
 * and then; then every 202 is there, every execution terminal, every idempotency key points at its
 * execution, the ledger is exact and no balance is negative — checked through the API and, after a
 * clean stop, in SQL (including a full scan against the indexes).
 *
 * <p>{@code -Dsoak.h2=true} runs the same against an H2 file database: the evidence for why H2 is
 * no longer the embedded default (docs/crash-safety.md).
 */
class CrashSoakIT {

  @Test
  void theEmbeddedDefaultLosesNothingUnderRepeatedKillNineWithConcurrentLoad(@TempDir Path tmp)
      throws Exception {
    Path dataDir = soakDir(tmp);
    CrashSoak.Report report = new CrashSoak(dataDir, CrashSoak.Options.ci(List.of())).run();
    System.out.println("crash soak (embedded default): " + report.summary());
    assertThat(report.problems()).as(report.summary()).isEmpty();
    try (LocalPostgres pg = LocalPostgres.open(dataDir, true);
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, "")) {
      assertConsistent(c, report);
      System.out.println(
          "embedded default size: "
              + SoakDatabase.sizes(c, dataDir.resolve("pg"), report.accepted()));
    }
  }

  @Test
  void postgresqlLosesNothingUnderRepeatedKillNineWithConcurrentLoad(@TempDir Path tmp)
      throws Exception {
    Path dataDir = soakDir(tmp);
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE soak");
      }
      String url = pg.getJdbcUrl("postgres", "soak");
      CrashSoak.Report report =
          new CrashSoak(
                  dataDir,
                  CrashSoak.Options.ci(
                      List.of(
                          "--db-url", url, "--db-user", "postgres", "--db-password", "postgres")))
              .run();
      System.out.println("crash soak (PostgreSQL): " + report.summary());
      assertThat(report.problems()).as(report.summary()).isEmpty();
      try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
        assertConsistent(c, report);
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "soak.h2", matches = "true")
  void anH2FileDatabaseUnderRepeatedKillNineWithConcurrentLoad(@TempDir Path tmp) throws Exception {
    Path dataDir = soakDir(tmp);
    String url = Database.h2FileUrl(dataDir);
    CrashSoak.Report report =
        new CrashSoak(dataDir, CrashSoak.Options.ci(List.of("--db-url", url)).withoutAdminCli())
            .run();
    System.out.println("crash soak (H2 file): " + report.summary());
    long bytes = Files.size(dataDir.resolve("modelroute.mv.db"));
    System.out.println(
        "H2 file: "
            + bytes
            + " bytes, "
            + (report.accepted() == 0 ? 0 : bytes / report.accepted())
            + " bytes per accepted execution");
    assertThat(report.problems()).as(report.summary()).isEmpty();
    try (Connection c = DriverManager.getConnection(url)) {
      assertConsistent(c, report);
    }
  }

  /** {@code -Dsoak.dir=DIR} keeps the data directory for a look afterwards (by-hand runs). */
  private static Path soakDir(Path tmp) throws IOException {
    String keep = System.getProperty("soak.dir");
    return keep == null || keep.isBlank()
        ? tmp.resolve("data")
        : Files.createDirectories(Path.of(keep)).resolve("data-" + System.currentTimeMillis());
  }

  private static void assertConsistent(Connection c, CrashSoak.Report report) throws SQLException {
    assertThat(SoakDatabase.count(c, "SELECT COUNT(*) FROM executions"))
        .as("executions (COUNT via index)")
        .isGreaterThanOrEqualTo(report.accepted());
    assertThat(SoakDatabase.count(c, "SELECT COUNT(*) FROM executions WHERE CONCAT(id, '') <> ''"))
        .as("executions by full scan = COUNT(*)")
        .isEqualTo(SoakDatabase.count(c, "SELECT COUNT(*) FROM executions"));
    assertThat(
            SoakDatabase.count(
                c,
                "SELECT COUNT(*) FROM idempotency_keys i WHERE i.execution_id IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = i.execution_id)"))
        .as("idempotency records without their execution")
        .isZero();
    assertThat(
            SoakDatabase.count(
                c,
                "SELECT COUNT(*) FROM executions"
                    + " WHERE status IN ('PENDING', 'PROCESSING', 'AWAITING_WEBHOOK')"))
        .as("executions not terminal")
        .isZero();
    assertThat(
            SoakDatabase.count(
                c, "SELECT COUNT(*) FROM balances WHERE balance_micros < 0 OR held_micros < 0"))
        .as("negative balances")
        .isZero();
    assertThat(
            SoakDatabase.count(
                c,
                "SELECT COUNT(*) FROM executions e WHERE NOT EXISTS"
                    + " (SELECT 1 FROM ledger_entries l WHERE l.execution_id = e.id AND l.entry_type = 'HOLD')"))
        .as("executions without their hold entry")
        .isZero();
  }

  static long directorySize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
