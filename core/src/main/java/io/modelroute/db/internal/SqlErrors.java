package io.modelroute.db.internal;

import java.sql.SQLException;
import java.util.Optional;

/** What a failed statement's SQLSTATE says, the same on H2 and PostgreSQL. */
public final class SqlErrors {
  private SqlErrors() {}

  /** A unique or primary-key constraint rejected the row (23505 on both databases). */
  public static boolean isUniqueViolation(Throwable e) {
    return sqlState(e).map(s -> s.equals("23505")).orElse(false);
  }

  /**
   * The statement gave up waiting for a lock or lost a deadlock or serialization check: H2 HYT00;
   * PostgreSQL 55P03 (lock not available), 40P01 (deadlock), 40001 (serialization failure).
   */
  public static boolean isLockTimeout(Throwable e) {
    return sqlState(e)
        .map(s -> s.equals("HYT00") || s.equals("55P03") || s.equals("40P01") || s.equals("40001"))
        .orElse(false);
  }

  private static Optional<String> sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return Optional.of(sql.getSQLState());
      }
    }
    return Optional.empty();
  }
}
