package io.modelroute.cluster;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The {@code nodes} table: registration, heartbeats and the operator's listing. Methods take the
 * caller's handle.
 */
final class JdbiNodeStore {
  /** A node's registration. */
  record Registration(
      String nodeId, Instant now, String version, String host, long pid, int workerThreads) {}

  private static final String REGISTER_UPDATE =
      "UPDATE nodes SET status = 'RUNNING', started_at = :now, last_heartbeat = :now, stopped_at = NULL, "
          + "version = :version, host = :host, pid = :pid, worker_threads = :threads WHERE node_id = :node";
  private static final String REGISTER_INSERT =
      "INSERT INTO nodes (node_id, status, started_at, last_heartbeat, version, host, pid, worker_threads) "
          + "VALUES (:node, 'RUNNING', :now, :now, :version, :host, :pid, :threads)";
  private static final String HEARTBEAT =
      "UPDATE nodes SET last_heartbeat = :now, status = 'RUNNING', stopped_at = NULL WHERE node_id = :node";
  private static final String STOP =
      "UPDATE nodes SET status = 'STOPPED', stopped_at = :now, last_heartbeat = :now WHERE node_id = :node";
  private static final String LIST = "SELECT * FROM nodes ORDER BY node_id";
  private static final String LEASES =
      "SELECT claimed_by, COUNT(*) AS n FROM executions WHERE claimed_by IS NOT NULL AND lease_until > :now "
          + "GROUP BY claimed_by";
  private static final String COUNT_LIVE =
      "SELECT COUNT(*) FROM nodes WHERE status = 'RUNNING' AND last_heartbeat >= :since";

  /**
   * Registers (or re-registers, after a restart under the same id) a running node. Update first,
   * insert when absent: a node id is one process at a time, so the two cannot race each other.
   */
  void register(Handle h, Registration r) {
    int updated = bind(h.createUpdate(REGISTER_UPDATE), r).execute();
    if (updated == 0) {
      bind(h.createUpdate(REGISTER_INSERT), r).execute();
    }
  }

  private static org.jdbi.v3.core.statement.Update bind(
      org.jdbi.v3.core.statement.Update u, Registration r) {
    return u.bind("node", r.nodeId())
        .bind("now", r.now())
        .bind("version", r.version())
        .bind("host", r.host())
        .bind("pid", r.pid())
        .bind("threads", r.workerThreads());
  }

  /** Records a heartbeat; returns whether the node's row exists. */
  boolean heartbeat(Handle h, String nodeId, Instant now) {
    return h.createUpdate(HEARTBEAT).bind("node", nodeId).bind("now", now).execute() == 1;
  }

  void markStopped(Handle h, String nodeId, Instant now) {
    h.createUpdate(STOP).bind("node", nodeId).bind("now", now).execute();
  }

  /** Nodes running with a heartbeat at or after {@code since}. */
  int countLive(Handle h, Instant since) {
    return h.createQuery(COUNT_LIVE).bind("since", since).mapTo(Integer.class).one();
  }

  /** Every node ever registered, by id, with its state at {@code now} and the leases it holds. */
  List<Node> list(Handle h, Instant now, Duration staleAfter) {
    Map<String, Integer> leases =
        h
            .createQuery(LEASES)
            .bind("now", now)
            .map((rs, ctx) -> Map.entry(rs.getString("claimed_by"), rs.getInt("n")))
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    return h.createQuery(LIST).map((rs, ctx) -> node(rs, now, staleAfter, leases)).list();
  }

  private static Node node(
      ResultSet rs, Instant now, Duration staleAfter, Map<String, Integer> leases)
      throws SQLException {
    String id = rs.getString("node_id");
    Instant heartbeat = rs.getTimestamp("last_heartbeat").toInstant();
    Timestamp stopped = rs.getTimestamp("stopped_at");
    return new Node(
        id,
        Node.state("RUNNING".equals(rs.getString("status")), heartbeat, now, staleAfter),
        rs.getTimestamp("started_at").toInstant(),
        heartbeat,
        stopped == null ? null : stopped.toInstant(),
        rs.getString("version"),
        rs.getString("host"),
        rs.getLong("pid"),
        rs.getInt("worker_threads"),
        leases.getOrDefault(id, 0));
  }
}
