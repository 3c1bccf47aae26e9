package io.modelroute;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The development organization of {@code serve --dev}: every start prints the same key, and nodes
 * of a cluster starting together on an empty database all come up on one {@code dev} organization
 * (CI saw the third node of ClusterIT exit with "CONFLICT: An organization named 'dev' exists").
 */
class DevOrganizationTest {

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void nodesStartingTogetherShareOneDevOrganization(Dialect dialect) throws Exception {
    int nodes = 8;
    int rounds = dialect == Dialect.POSTGRESQL ? 6 : 3;
    for (int round = 0; round < rounds; round++) {
      try (TestEngine engine = TestEngine.start(dialect)) {
        CyclicBarrier start = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
          List<Future<String>> keys = new ArrayList<>();
          for (int i = 0; i < nodes; i++) {
            Path keyFile = engine.dataDir.resolve("node-" + i).resolve("dev-api-key");
            keys.add(
                pool.submit(
                    () -> {
                      start.await();
                      return engine.modelRoute.ensureDevOrganization(keyFile);
                    }));
          }
          Set<String> organizations = new HashSet<>();
          for (Future<String> key : keys) {
            Principal principal = engine.modelRoute.apiKeys().authenticate(key.get());
            organizations.add(principal.orgId());
          }
          assertThat(organizations).hasSize(1);
          assertThat(engine.modelRoute.organizations().list())
              .filteredOn(org -> org.name().equals("dev"))
              .hasSize(1);
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyStartPrintsTheSameKey(Dialect dialect) throws Exception {
    try (TestEngine engine = TestEngine.start(dialect)) {
      Path keyFile = engine.dataDir.resolve("dev-api-key");
      String first = engine.modelRoute.ensureDevOrganization(keyFile);
      assertThat(engine.modelRoute.ensureDevOrganization(keyFile)).isEqualTo(first);
      assertThat(Files.readString(keyFile).strip()).isEqualTo(first);
    }
  }
}
