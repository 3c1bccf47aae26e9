package io.modelroute.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default database server: durable settings, reuse, ownership, stale pid files. */
class LocalPostgresTest {

  @Test
  void theServerRunsWithFsyncAndSynchronousCommitOnInTheDataDirectory(@TempDir Path dataDir)
      throws Exception {
    try (LocalPostgres pg = LocalPostgres.open(dataDir, true);
        Connection c = connect(pg)) {
      assertThat(show(c, "fsync")).isEqualTo("on");
      assertThat(show(c, "synchronous_commit")).isEqualTo("on");
      assertThat(show(c, "full_page_writes")).isEqualTo("on");
      assertThat(show(c, "data_directory"))
          .isEqualTo(dataDir.toAbsolutePath().resolve("pg").toRealPath().toString());
    }
    assertThat(dataDir.resolve("pg").resolve("postmaster.pid"))
        .as("stopped on close")
        .doesNotExist();
  }

  @Test
  void aSecondProcessUsesTheRunningServerAndLeavesItToItsOwner(@TempDir Path dataDir)
      throws Exception {
    try (LocalPostgres owner = LocalPostgres.open(dataDir, true)) {
      try (Connection c = connect(owner);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE marker (id INT)");
      }
      LocalPostgres second = LocalPostgres.open(dataDir, false);
      assertThat(second.port()).isEqualTo(owner.port());
      second.close();
      try (Connection c = connect(owner);
          Statement s = c.createStatement()) {
        assertThat(s.execute("SELECT COUNT(*) FROM marker"))
            .as("still running after the second closed")
            .isTrue();
      }
    }
    assertThat(dataDir.resolve("pg").resolve("postmaster.pid")).doesNotExist();
  }

  @Test
  void aStalePostmasterPidFromADeadProcessDoesNotStopTheStart(@TempDir Path dataDir)
      throws Exception {
    try (LocalPostgres first = LocalPostgres.open(dataDir, true)) {
      assertThat(first.port()).isPositive();
    }
    Process gone =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .start();
    gone.getInputStream().readAllBytes();
    gone.waitFor();
    Path pid = dataDir.resolve("pg").resolve("postmaster.pid");
    Files.writeString(
        pid, gone.pid() + "\n" + dataDir.resolve("pg") + "\n1700000000\n54321\n/tmp\nlocalhost\n");
    try (LocalPostgres again = LocalPostgres.open(dataDir, true);
        Connection c = connect(again)) {
      assertThat(show(c, "fsync")).isEqualTo("on");
    }
  }

  private static Connection connect(LocalPostgres pg) throws SQLException {
    return DriverManager.getConnection(pg.jdbcUrl(), LocalPostgres.USER, "");
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
