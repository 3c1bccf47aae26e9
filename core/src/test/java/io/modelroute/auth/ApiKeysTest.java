package io.modelroute.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.TestEngine;
import io.modelroute.auth.internal.JdbiApiKeyStore;
import io.modelroute.auth.internal.JdbiOrganizationStore;
import io.modelroute.db.internal.Dialect;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApiKeysTest {
  @Test
  void generatedKeysHaveTheDocumentedShapeAndChecksum() {
    String key = ApiKeyFormat.generate();
    assertThat(key).hasSize(76).matches("sk_[0-9a-f]{64}_[0-9a-f]{8}");
    assertThat(ApiKeyFormat.isWellFormed(key)).isTrue();
    char last = key.charAt(75);
    String tampered = key.substring(0, 75) + (last == '0' ? '1' : '0');
    assertThat(ApiKeyFormat.isWellFormed(tampered)).isFalse();
    assertThat(ApiKeyFormat.isWellFormed(key.toUpperCase())).isFalse();
    assertThat(ApiKeyFormat.isWellFormed(key.substring(1))).isFalse();
    assertThat(ApiKeyFormat.isWellFormed(null)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void malformedKeysAreRefusedWithoutTouchingTheDatabase(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      t.modelRoute.database().close(); // any database access would now fail differently
      assertThatThrownBy(() -> t.modelRoute.apiKeys().authenticate("sk_nope"))
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.UNAUTHORIZED);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void rotationKeepsTheOldKeyForAnHourAndRevocationIsImmediate(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      var created = t.modelRoute.organizations().create("acme", io.modelroute.Money.parse("1.00"));
      String old = created.key().secret();
      var keys = t.modelRoute.apiKeys();
      Principal p = keys.authenticate(old);
      assertThat(p.permission()).isEqualTo(Permission.FULL);
      var rotated = keys.rotate(p.orgId(), p.keyId());
      assertThat(keys.authenticate(rotated.newKey()).keyId()).isEqualTo(p.keyId());
      assertThat(keys.authenticate(old).keyId()).isEqualTo(p.keyId());
      assertThat(rotated.previousKeyValidUntil())
          .isEqualTo(t.clock.instant().plus(Duration.ofHours(1)));
      t.clock.advance(Duration.ofMinutes(61));
      ApiKeyService fresh =
          new ApiKeyService(
              t.modelRoute.database().jdbi(),
              new JdbiApiKeyStore(),
              new JdbiOrganizationStore(),
              t.clock,
              Duration.ZERO);
      assertThatThrownBy(() -> fresh.authenticate(old))
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.UNAUTHORIZED);
      keys.revoke(p.orgId(), p.keyId());
      assertThatThrownBy(() -> keys.authenticate(rotated.newKey()))
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.UNAUTHORIZED);
      assertThat(keys.list(p.orgId())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOrganizationHasAtMostTwentyActiveKeys(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      for (int i = 1; i < ApiKeyService.MAX_ACTIVE_KEYS; i++) {
        t.modelRoute.apiKeys().create(p.orgId(), "k" + i, Permission.EXECUTION_ONLY);
      }
      assertThat(t.modelRoute.apiKeys().list(p.orgId())).hasSize(20);
      assertThatThrownBy(
              () -> t.modelRoute.apiKeys().create(p.orgId(), "one too many", Permission.FULL))
          .extracting(e -> ((ModelRouteException) e).code())
          .isEqualTo(ErrorCode.CONFLICT);
      String someKey = t.modelRoute.apiKeys().list(p.orgId()).get(1).id();
      t.modelRoute.apiKeys().revoke(p.orgId(), someKey);
      assertThat(t.modelRoute.apiKeys().create(p.orgId(), "replacement", Permission.FULL).secret())
          .startsWith("sk_");
    }
  }
}
