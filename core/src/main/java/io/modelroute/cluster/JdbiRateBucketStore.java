package io.modelroute.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * {@code rate_limit_buckets}: token buckets shared by the nodes of a PostgreSQL cluster. One
 * statement per exchange, whatever the number of keys.
 */
final class JdbiRateBucketStore {
  /**
   * Refills each bucket for the time since its last exchange (by the reporting node's clock, never
   * backwards), takes what the node let through since its last report, and returns the tokens left:
   * negative is debt the cluster let through in excess and pays back by refilling. Keys come sorted
   * so that nodes exchanging overlapping keys lock rows in one order (no deadlock).
   */
  private static final String EXCHANGE =
      "INSERT INTO rate_limit_buckets AS b (bucket_key, tokens, updated_ms) "
          + "SELECT k, CAST(:burst AS DOUBLE PRECISION) - u, :now FROM unnest(CAST(:keys AS VARCHAR[]), CAST(:used AS BIGINT[])) AS t(k, u) "
          + "ON CONFLICT (bucket_key) DO UPDATE SET "
          + "tokens = LEAST(CAST(:burst AS DOUBLE PRECISION), b.tokens + :perSecond * GREATEST(0, EXCLUDED.updated_ms - b.updated_ms) / 1000.0) "
          + "- (CAST(:burst AS DOUBLE PRECISION) - EXCLUDED.tokens), "
          + "updated_ms = GREATEST(b.updated_ms, EXCLUDED.updated_ms) "
          + "RETURNING bucket_key, tokens";

  private static final String PURGE = "DELETE FROM rate_limit_buckets WHERE updated_ms < :before";

  /**
   * Reports {@code used} (tokens taken by key since this node's last report) at {@code nowMillis}
   * and returns every reported key's tokens left in the cluster.
   */
  Map<String, Double> exchange(
      Handle h, Map<String, Long> used, double perSecond, int burst, long nowMillis) {
    if (used.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, Long> sorted = new TreeMap<>(used);
    List<String> keys = new ArrayList<>(sorted.keySet());
    List<Long> counts = new ArrayList<>(sorted.values());
    Map<String, Double> tokens = new HashMap<>();
    h.createQuery(EXCHANGE)
        .bind("burst", burst)
        .bind("now", nowMillis)
        .bind("perSecond", perSecond)
        .bindArray("keys", String.class, keys)
        .bindArray("used", Long.class, counts)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getDouble(2)))
        .forEach(e -> tokens.put(e.getKey(), e.getValue()));
    return tokens;
  }

  /**
   * Deletes buckets nobody reported on since {@code beforeMillis} (they would be full again
   * anyway).
   */
  int purge(Handle h, long beforeMillis) {
    return h.createUpdate(PURGE).bind("before", beforeMillis).execute();
  }
}
