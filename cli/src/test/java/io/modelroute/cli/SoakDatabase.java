package io.modelroute.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct SQL on a soaked database, for the crash soak's checks and size figures. */
final class SoakDatabase {
  private SoakDatabase() {}

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The PostgreSQL database's size and its data directory's (with WAL), per execution. */
  static String sizes(Connection c, Path pgDir, int accepted) throws SQLException, IOException {
    long executions = count(c, "SELECT COUNT(*) FROM executions");
    long db = count(c, "SELECT pg_database_size(current_database())");
    long dir = CrashSoakIT.directorySize(pgDir);
    return executions
        + " executions ("
        + accepted
        + " accepted); database "
        + db
        + " bytes ("
        + (executions == 0 ? 0 : db / executions)
        + " per execution); data directory with WAL "
        + dir
        + " bytes";
  }
}
