package io.modelroute.http;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.db.internal.Database;
import java.util.List;

/**
 * {@code 503 SERVICE_UNAVAILABLE}, retryable, with {@code Retry-After}: our own database could not
 * be reached (no connection within the pool's timeout, the connection broke, the server is shutting
 * down or starting). Not for SQL errors of a working database — those stay {@code 500}.
 */
final class DatabaseOutage extends ModelRouteException {
  /** Seconds a client is told to wait before retrying. */
  static final long RETRY_AFTER_SECONDS = 2;

  DatabaseOutage(Throwable cause) {
    super(
        ErrorCode.SERVICE_UNAVAILABLE,
        "The service's database is unavailable; retry shortly",
        List.of(),
        RETRY_AFTER_SECONDS,
        cause);
  }

  /** Whether {@code failure}, or one of its causes, says the database could not be reached. */
  static boolean causes(Throwable failure) {
    return Database.isUnreachable(failure);
  }
}
