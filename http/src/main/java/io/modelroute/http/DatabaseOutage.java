package io.modelroute.http;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Set;

/**
 * {@code 503 SERVICE_UNAVAILABLE}, retryable, with {@code Retry-After}: our own database could not
 * be reached (no connection within the pool's timeout, the connection broke, the server is shutting
 * down or starting). Not for SQL errors of a working database — those stay {@code 500}.
 */
final class DatabaseOutage extends ModelRouteException {
  /** Seconds a client is told to wait before retrying. */
  static final long RETRY_AFTER_SECONDS = 2;

  /** PostgreSQL's admin/crash shutdown and "cannot connect now"; H2's broken connection and closed database. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "90067", "90098");

  DatabaseOutage(Throwable cause) {
    super(ErrorCode.SERVICE_UNAVAILABLE, "The service's database is unavailable; retry shortly", List.of(),
        RETRY_AFTER_SECONDS, cause);
  }

  /** Whether {@code failure}, or one of its causes, says the database could not be reached. */
  static boolean causes(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state))) {
          return true;
        }
        String message = sql.getMessage();
        if (message != null && message.contains("Connection is not available")) {
          return true;  // HikariCP: no connection within connectionTimeout
        }
      }
    }
    return false;
  }
}
