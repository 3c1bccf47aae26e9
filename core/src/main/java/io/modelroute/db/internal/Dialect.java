package io.modelroute.db.internal;

/**
 * The SQL differences between the two supported databases. Everything else — schema, queries — is
 * shared.
 */
public enum Dialect {
  H2,
  POSTGRESQL;

  /** Picks the dialect from a JDBC URL. */
  public static Dialect fromJdbcUrl(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + url);
  }

  /**
   * The suffix that makes a {@code SELECT} lock the rows it returns while skipping rows other
   * transactions hold, so several nodes can claim work from one table without blocking.
   */
  public String lockSkipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  /**
   * A hint that makes the claim's {@code SELECT} walk the {@code next_run_at} index in order, so
   * {@code ORDER BY next_run_at LIMIT n FOR UPDATE} reads (and locks) only the rows it returns. H2
   * otherwise may pick the status index, sort every active row and lock them all; PostgreSQL plans
   * this well by itself.
   */
  public String dueIndexHint() {
    return this == H2 ? " USE INDEX (executions_due)" : "";
  }

  /**
   * Whether {@code INSERT … ON CONFLICT DO NOTHING RETURNING …} exists (PostgreSQL). Where it does
   * not (H2), a JDBC batch of plain inserts reports each conflicting row as failed instead: H2
   * rolls back only the failed statement and goes on, whereas PostgreSQL aborts the transaction.
   */
  public boolean insertsIgnoringConflicts() {
    return this == POSTGRESQL;
  }

  /**
   * Whether {@code SELECT … ORDER BY … LIMIT n FOR UPDATE} locks every matching row before the
   * limit applies (H2 does), so a claim must first pick its ids without locking.
   */
  public boolean locksBeforeLimit() {
    return this == H2;
  }
}
