package io.modelroute.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.internal.JdbiApiKeyStore;
import io.modelroute.auth.internal.JdbiOrganizationStore;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.StatementCounter;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The API key cache (issue 9) and the rotation grace of docs/http-api.md. */
class ApiKeyCacheTest {
  private static ErrorCode code(Runnable r) {
    try {
      r.run();
      return null;
    } catch (ModelRouteException e) {
      return e.code();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void authenticatingOnAWarmCacheIssuesNoQueryAndAMissIssuesOne(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect, b -> b.apiKeyCacheTtl(Duration.ofHours(1)))) {
      String[] secrets = new String[50];
      for (int i = 0; i < secrets.length; i++) {
        secrets[i] =
            t.modelRoute.organizations().create("org-" + i, Money.parse("1.00")).key().secret();
      }
      var keys = t.modelRoute.apiKeys();
      keys.authenticate(secrets[1]); // the first call also reads the cache version once
      StatementCounter c = StatementCounter.on(t.modelRoute.database().jdbi());
      keys.authenticate(secrets[0]);
      assertThat(c.count()).as("a miss").isEqualTo(1);
      String unknown = io.modelroute.auth.ApiKeyFormat.generate();
      assertThat(code(() -> keys.authenticate(unknown))).isEqualTo(ErrorCode.UNAUTHORIZED);
      assertThat(c.count()).as("an unknown key: one more miss").isEqualTo(2);
      for (String s : secrets) {
        keys.authenticate(s);
      }
      c.reset();

      for (int round = 0; round < 20; round++) {
        for (String s : secrets) {
          keys.authenticate(s);
        }
        assertThat(code(() -> keys.authenticate(unknown))).isEqualTo(ErrorCode.UNAUTHORIZED);
      }
      assertThat(c.count()).as("1,050 calls on a warm cache").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aSecondRotationWithinTheHourLeavesTheFirstOldKeyItsFullHour(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      var created = t.modelRoute.organizations().create("acme", Money.parse("1.00"));
      var keys = t.modelRoute.apiKeys();
      String first = created.key().secret();
      Principal p = keys.authenticate(first);
      var r1 = keys.rotate(p.orgId(), p.keyId());
      t.clock.advance(Duration.ofMinutes(20));
      var r2 = keys.rotate(p.orgId(), p.keyId());
      ApiKeyService fresh =
          new ApiKeyService(
              t.modelRoute.database().jdbi(),
              new JdbiApiKeyStore(),
              new JdbiOrganizationStore(),
              t.clock,
              Duration.ZERO);

      for (ApiKeyService s : new ApiKeyService[] {keys, fresh}) {
        assertThat(s.authenticate(first).keyId())
            .as("first old key, 20 min after its rotation")
            .isEqualTo(p.keyId());
        assertThat(s.authenticate(r1.newKey()).keyId()).isEqualTo(p.keyId());
        assertThat(s.authenticate(r2.newKey()).keyId()).isEqualTo(p.keyId());
      }
      t.clock.advance(Duration.ofMinutes(39)); // 59 min after the first rotation
      assertThat(keys.authenticate(first).keyId()).isEqualTo(p.keyId());
      t.clock.advance(Duration.ofMinutes(2)); // 61 min after the first, 41 after the second
      for (ApiKeyService s : new ApiKeyService[] {keys, fresh}) {
        assertThat(code(() -> s.authenticate(first))).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(s.authenticate(r1.newKey()).keyId())
            .as("second old key keeps its own hour")
            .isEqualTo(p.keyId());
      }
      t.clock.advance(Duration.ofMinutes(20));
      assertThat(code(() -> keys.authenticate(r1.newKey()))).isEqualTo(ErrorCode.UNAUTHORIZED);
      assertThat(keys.authenticate(r2.newKey()).keyId()).isEqualTo(p.keyId());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = "POSTGRESQL")
  void aRevocationTakesEffectAtOnceOnItsNodeAndWithinTheBoundOnAnotherNode(Dialect dialect)
      throws Exception {
    Duration bound = Duration.ofMillis(500);
    try (TestEngine a = TestEngine.start(dialect, b -> b.apiKeyCacheTtl(bound))) {
      try (ModelRoute b = secondNode(a, bound)) {
        String key =
            a.modelRoute.organizations().create("acme", Money.parse("1.00")).key().secret();
        Principal p = a.modelRoute.apiKeys().authenticate(key);
        assertThat(b.apiKeys().authenticate(key)).isEqualTo(p);

        a.modelRoute.apiKeys().revoke(p.orgId(), p.keyId());
        assertThat(code(() -> a.modelRoute.apiKeys().authenticate(key)))
            .as("at once on node A")
            .isEqualTo(ErrorCode.UNAUTHORIZED);
        long revoked = System.nanoTime();
        while (code(() -> b.apiKeys().authenticate(key)) == null) {
          assertThat(Duration.ofNanos(System.nanoTime() - revoked))
              .as("node B still accepts the key")
              .isLessThan(bound.multipliedBy(4));
          Thread.onSpinWait();
        }
        assertThat(code(() -> b.apiKeys().authenticate(key))).isEqualTo(ErrorCode.UNAUTHORIZED);
      }
    }
  }

  /**
   * On PostgreSQL the revocation is announced at commit, so another node refuses the key long
   * before its cache check.
   */
  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = "POSTGRESQL")
  void aRevocationReachesAListeningNodeAtCommitNotAtItsNextCacheCheck(Dialect dialect)
      throws Exception {
    Duration never = Duration.ofHours(1);
    try (TestEngine a = TestEngine.start(dialect, b -> b.apiKeyCacheTtl(never))) {
      try (ModelRoute b = secondNode(a, never)) {
        assertThat(a.modelRoute.clusterSignals().orElseThrow().awaitPeers(Duration.ofSeconds(10)))
            .isTrue();
        String key =
            a.modelRoute.organizations().create("acme", Money.parse("1.00")).key().secret();
        Principal p = a.modelRoute.apiKeys().authenticate(key);
        assertThat(b.apiKeys().authenticate(key)).isEqualTo(p);

        a.modelRoute.apiKeys().revoke(p.orgId(), p.keyId());
        long revoked = System.nanoTime();
        while (code(() -> b.apiKeys().authenticate(key)) == null) {
          assertThat(Duration.ofNanos(System.nanoTime() - revoked))
              .as("node B still accepts the key")
              .isLessThan(Duration.ofSeconds(5));
          Thread.onSpinWait();
        }
        System.out.println(
            "revocation refused on the other node after "
                + Duration.ofNanos(System.nanoTime() - revoked).toMillis()
                + " ms");
        assertThat(code(() -> b.apiKeys().authenticate(key))).isEqualTo(ErrorCode.UNAUTHORIZED);
      }
    }
  }

  /**
   * A second node on {@code a}'s database, without workers, checking its key cache every {@code
   * cacheTtl}.
   */
  private static ModelRoute secondNode(TestEngine a, Duration cacheTtl) throws java.io.IOException {
    return ModelRoute.start(
        ModelRouteConfig.builder()
            .dataDir(Files.createTempDirectory("modelroute-node-b"))
            .jdbcUrl(a.modelRoute.config().jdbcUrl())
            .dbUser(a.modelRoute.config().dbUser())
            .dbPassword(a.modelRoute.config().dbPassword())
            .catalogFile(TestEngine.testCatalog())
            .clock(a.clock)
            .startWorkers(false)
            .apiKeyCacheTtl(cacheTtl)
            .build());
  }
}
