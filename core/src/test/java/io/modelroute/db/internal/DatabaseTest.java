package io.modelroute.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {
  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migratesAndRoundTripsInstants(Dialect dialect) {
    try (Database db = TestDatabases.open(dialect)) {
      assertThat(db.isReachable()).isTrue();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
      db.jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "INSERT INTO organizations (id, name, webhook_secret, created_at) VALUES ('org_1', 'a', 's', :t)")
                      .bind("t", now)
                      .execute());
      Instant back =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT created_at FROM organizations")
                          .mapTo(Instant.class)
                          .one());
      assertThat(back).isEqualTo(now);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void supportsSkipLocked(Dialect dialect) {
    try (Database db = TestDatabases.open(dialect)) {
      int n =
          db.jdbi()
              .inTransaction(
                  h ->
                      h.createQuery(
                              "SELECT id FROM organizations WHERE 1 = 1"
                                  + db.dialect().lockSkipLocked())
                          .mapTo(String.class)
                          .list()
                          .size());
      assertThat(n).isZero();
    }
  }
}
