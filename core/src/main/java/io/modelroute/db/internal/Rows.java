package io.modelroute.db.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Multi-row inserts, run as plain JDBC on the caller's handle (and so in its transaction): one
 * statement writes a whole group of rows. Plain JDBC because a statement of a hundred rows costs
 * JDBI's SQL parser more than the database. Values are bound in order to {@code ?} parameters:
 * strings, numbers, {@link Instant}s (as timestamps) and nulls.
 */
public final class Rows {
  private Rows() {}

  /** {@code rowTemplate} repeated {@code rows} times, comma-separated: the VALUES list. */
  public static String values(String rowTemplate, int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a multi-row statement needs at least one row");
    }
    StringBuilder sb = new StringBuilder(rows * (rowTemplate.length() + 2));
    for (int i = 0; i < rows; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(rowTemplate);
    }
    return sb.toString();
  }

  /**
   * Runs {@code head + VALUES-list + tail} for {@code rows}, each mapped to its values; returns the
   * update count.
   */
  public static <T> int insert(
      Handle h,
      String head,
      String rowTemplate,
      String tail,
      List<T> rows,
      Function<T, Object[]> values) {
    return run(
        h,
        head + values(rowTemplate, rows.size()) + tail,
        rows,
        values,
        PreparedStatement::executeUpdate);
  }

  /** What to do with the bound statement. */
  public interface Then<R> {
    R apply(PreparedStatement statement) throws SQLException;
  }

  /**
   * Binds {@code rows}' values in order to {@code sql}'s parameters and hands the statement to
   * {@code then}.
   */
  public static <T, R> R run(
      Handle h, String sql, List<T> rows, Function<T, Object[]> values, Then<R> then) {
    Connection c = h.getConnection();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (T row : rows) {
        for (Object v : values.apply(row)) {
          bind(ps, p++, v);
        }
      }
      return then.apply(ps);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  private static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(index, Types.VARCHAR);
    } else if (v instanceof String s) {
      ps.setString(index, s);
    } else if (v instanceof Long l) {
      ps.setLong(index, l);
    } else if (v instanceof Integer i) {
      ps.setInt(index, i);
    } else if (v instanceof Instant t) {
      ps.setTimestamp(index, Timestamp.from(t));
    } else {
      throw new IllegalArgumentException("cannot bind a " + v.getClass().getName());
    }
  }
}
