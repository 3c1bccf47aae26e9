package io.modelroute.db.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;

/** Counts (and keeps) the SQL statements a {@link Jdbi} runs from now on. Thread-safe. */
public final class StatementCounter implements SqlLogger {
  private final AtomicInteger count = new AtomicInteger();
  private final List<String> statements = new CopyOnWriteArrayList<>();

  /** Starts counting every statement {@code jdbi} runs on handles opened from now on. */
  public static StatementCounter on(Jdbi jdbi) {
    StatementCounter c = new StatementCounter();
    jdbi.getConfig(SqlStatements.class).setSqlLogger(c);
    return c;
  }

  @Override
  public void logAfterExecution(StatementContext context) {
    count.incrementAndGet();
    statements.add(context.getRenderedSql());
  }

  @Override
  public void logException(StatementContext context, java.sql.SQLException ex) {
    logAfterExecution(context);
  }

  public int count() {
    return count.get();
  }

  /** The statements run so far, in order. */
  public List<String> statements() {
    return List.copyOf(statements);
  }

  /** Forgets what was counted so far. */
  public void reset() {
    count.set(0);
    statements.clear();
  }
}
