package io.modelroute.cluster;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@code provider_permits}: the slots of cluster-wide provider concurrency limits (PostgreSQL
 * only). Each method is one statement on the caller's handle.
 */
final class JdbiPermitStore {
  private static final String SEED =
      "INSERT INTO provider_permits (provider, slot) SELECT :provider, s FROM generate_series(0, :limit - 1) AS s "
          + "ON CONFLICT (provider, slot) DO NOTHING";

  /**
   * Takes the lowest free slot below the limit, or one whose holder's lease ran out. SKIP LOCKED:
   * nodes racing for slots take different ones instead of queueing on the same row.
   */
  private static final String ACQUIRE =
      "UPDATE provider_permits SET node_id = :node, execution_id = :execution, lease_until = :until "
          + "WHERE provider = :provider AND slot = ("
          + "SELECT slot FROM provider_permits WHERE provider = :provider AND slot < :limit "
          + "AND (node_id IS NULL OR lease_until < :now) ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED) "
          + "RETURNING slot";

  private static final String RELEASE =
      "UPDATE provider_permits SET node_id = NULL, execution_id = NULL, lease_until = NULL "
          + "WHERE provider = :provider AND slot = :slot AND node_id = :node AND execution_id = :execution";
  private static final String EXTEND =
      "UPDATE provider_permits SET lease_until = :until WHERE node_id = :node";
  private static final String RELEASE_ALL =
      "UPDATE provider_permits SET node_id = NULL, execution_id = NULL, lease_until = NULL WHERE node_id = :node";
  private static final String HELD =
      "SELECT COUNT(*) FROM provider_permits WHERE provider = :provider AND node_id IS NOT NULL "
          + "AND lease_until >= :now";

  /** Makes sure slots {@code 0 … limit-1} of {@code provider} exist. */
  void seed(Handle h, String provider, int limit) {
    h.createUpdate(SEED).bind("provider", provider).bind("limit", limit).execute();
  }

  /** The slot taken for {@code executionId}, if one below {@code limit} was free at {@code now}. */
  Optional<Integer> acquire(
      Handle h,
      String provider,
      int limit,
      String nodeId,
      String executionId,
      Instant now,
      Instant until) {
    return h.createQuery(ACQUIRE)
        .bind("provider", provider)
        .bind("limit", limit)
        .bind("node", nodeId)
        .bind("execution", executionId)
        .bind("now", now)
        .bind("until", until)
        .mapTo(Integer.class)
        .findOne();
  }

  /** Gives a slot back if this node still holds it for this execution; returns whether it did. */
  boolean release(Handle h, String provider, int slot, String nodeId, String executionId) {
    return h.createUpdate(RELEASE)
            .bind("provider", provider)
            .bind("slot", slot)
            .bind("node", nodeId)
            .bind("execution", executionId)
            .execute()
        == 1;
  }

  /** Extends the leases of every slot the node holds; returns how many. */
  int extend(Handle h, String nodeId, Instant until) {
    return h.createUpdate(EXTEND).bind("node", nodeId).bind("until", until).execute();
  }

  /** Gives back every slot the node holds (clean shutdown, or a restart under the same id). */
  int releaseAll(Handle h, String nodeId) {
    return h.createUpdate(RELEASE_ALL).bind("node", nodeId).execute();
  }

  /** Slots of {@code provider} held under an unexpired lease at {@code now}, by any node. */
  int held(Handle h, String provider, Instant now) {
    return h.createQuery(HELD)
        .bind("provider", provider)
        .bind("now", now)
        .mapTo(Integer.class)
        .one();
  }
}
