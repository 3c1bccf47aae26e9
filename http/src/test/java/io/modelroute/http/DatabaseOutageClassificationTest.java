package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which failures mean "our database is unreachable" (503) and which are plain errors (500). */
class DatabaseOutageClassificationTest {
  @Test
  void connectionLevelFailuresAnywhereInTheCauseChainCountAsAnOutage() {
    assertThat(
            DatabaseOutage.causes(
                new RuntimeException(
                    new SQLTransientConnectionException(
                        "modelroute - Connection is not available, request timed out after 2000ms"))))
        .isTrue();
    assertThat(
            DatabaseOutage.causes(
                new IllegalStateException(new SQLException("I/O error", "08006"))))
        .isTrue();
    assertThat(
            DatabaseOutage.causes(
                new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
    assertThat(
            DatabaseOutage.causes(new SQLException("the database system is starting up", "57P03")))
        .isTrue();
  }

  @Test
  void errorsOfAWorkingDatabaseAreNotAnOutage() {
    assertThat(
            DatabaseOutage.causes(
                new SQLException("duplicate key value violates unique constraint", "23505")))
        .isFalse();
    assertThat(DatabaseOutage.causes(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(DatabaseOutage.causes(new IllegalStateException("no SQL at all"))).isFalse();
  }

  @Test
  void anOutageAnswers503RetryableWithRetryAfter() {
    DatabaseOutage e = new DatabaseOutage(new SQLException("x", "08001"));
    assertThat(e.code().httpStatus()).isEqualTo(503);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfterSeconds()).contains(DatabaseOutage.RETRY_AFTER_SECONDS);
    assertThat(e.getMessage()).doesNotContain("08001").doesNotContain("SQL");
  }
}
