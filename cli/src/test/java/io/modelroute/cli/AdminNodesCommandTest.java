package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.worker.DispatcherSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code modelroute admin nodes} against a PostgreSQL two nodes share. */
class AdminNodesCommandTest {
  static ModelRoute node(String url, String name, Path dir) {
    return ModelRoute.start(
        ModelRouteConfig.builder()
            .dataDir(dir.resolve(name))
            .jdbcUrl(url)
            .dbUser(TestDatabases.user(Dialect.POSTGRESQL))
            .dbPassword(TestDatabases.password(Dialect.POSTGRESQL))
            .dbPoolSize(4)
            .startWorkers(true)
            .dispatcher(
                new DispatcherSettings(
                    name,
                    3,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(60),
                    3,
                    Duration.ofSeconds(1)))
            .build());
  }

  @Test
  void anOperatorSeesEveryNodeWithItsStateAndAStoppedOneAsStopped(@TempDir Path dir) {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    try (ModelRoute a = node(url, "node-a", dir)) {
      node(url, "node-b", dir).close();
      AdminCommandTest.Result listed =
          AdminCommandTest.run(
              "admin",
              "nodes",
              "--db-url",
              url,
              "--db-user",
              TestDatabases.user(Dialect.POSTGRESQL),
              "--db-password",
              TestDatabases.password(Dialect.POSTGRESQL),
              "--data-dir",
              dir.resolve("admin").toString());
      assertThat(listed.exit()).as(listed.err()).isZero();
      String[] lines = listed.out().split("\n");
      assertThat(lines[0])
          .startsWith("NODE")
          .contains("STATE")
          .contains("LAST HEARTBEAT")
          .contains("LEASES");
      assertThat(lines[1])
          .startsWith("node-a")
          .contains("LIVE")
          .contains("/" + ProcessHandle.current().pid());
      assertThat(lines[2]).startsWith("node-b").contains("STOPPED");
      assertThat(lines[3]).startsWith("1 live of 2").contains("shared by the cluster");
    }
  }
}
