package io.modelroute.idempotency.internal;

import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.Rows;
import java.sql.BatchUpdateException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Internal: not API, may change without notice. Idempotency keys by organization, for the execution
 * engine's submit transactions. Methods take the caller's handle so they join its transaction.
 * Stateless; thread-safe.
 */
public final class JdbiIdempotencyStore {
  /** Keys are kept this long (docs/concepts.md). */
  public static final java.time.Duration RETENTION = java.time.Duration.ofHours(24);

  /**
   * A key stored together with the answer it replays from now on (one row of {@link
   * #insertAnswered}).
   */
  public record AnsweredKey(
      String orgId,
      String key,
      String requestHash,
      int statusCode,
      String responseBody,
      String executionId,
      Instant createdAt) {}

  private static final String INSERT_ANSWERED_COLUMNS =
      "INSERT INTO idempotency_keys (org_id, idem_key, request_hash, status_code, response_body, execution_id, "
          + "created_at, expires_at) VALUES ";
  private static final String ANSWERED_ROW = "(?, ?, ?, ?, ?, ?, ?, ?)";

  private final Dialect dialect;

  public JdbiIdempotencyStore(Dialect dialect) {
    this.dialect = dialect;
  }

  public Optional<IdempotencyRecord> find(Handle h, String orgId, String key) {
    return h.createQuery(
            "SELECT org_id, idem_key, request_hash, status_code, response_body, expires_at "
                + "FROM idempotency_keys WHERE org_id = :org AND idem_key = :key")
        .bind("org", orgId)
        .bind("key", key)
        .map(
            (rs, ctx) ->
                new IdempotencyRecord(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    (Integer) rs.getObject(4),
                    rs.getString(5),
                    rs.getTimestamp(6).toInstant()))
        .findOne();
  }

  /**
   * Inserts the key with the request's fingerprint. A concurrent insert of the same key blocks on
   * the primary key until this transaction ends, then fails with a unique violation.
   */
  public void insert(Handle h, String orgId, String key, String requestHash, Instant now) {
    h.createUpdate(
            "INSERT INTO idempotency_keys (org_id, idem_key, request_hash, created_at, expires_at) "
                + "VALUES (:org, :key, :hash, :now, :expires)")
        .bind("org", orgId)
        .bind("key", key)
        .bind("hash", requestHash)
        .bind("now", now)
        .bind("expires", now.plus(RETENTION))
        .execute();
  }

  /** Stores the response the key answers with from now on. */
  public void complete(
      Handle h, String orgId, String key, int statusCode, String body, String executionId) {
    h.createUpdate(
            "UPDATE idempotency_keys SET status_code = :status, response_body = :body, execution_id = :exec "
                + "WHERE org_id = :org AND idem_key = :key")
        .bind("status", statusCode)
        .bind("body", body)
        .bind("exec", executionId)
        .bind("org", orgId)
        .bind("key", key)
        .execute();
  }

  /** Deletes one expired key so it can be used afresh. */
  public int deleteIfExpired(Handle h, String orgId, String key, Instant now) {
    return h.createUpdate(
            "DELETE FROM idempotency_keys WHERE org_id = :org AND idem_key = :key AND expires_at <= :now")
        .bind("org", orgId)
        .bind("key", key)
        .bind("now", now)
        .execute();
  }

  /** Deletes expired keys, at most {@code limit}; returns how many. */
  public int deleteExpired(Handle h, Instant now, int limit) {
    return h.createUpdate(
            "DELETE FROM idempotency_keys WHERE (org_id, idem_key) IN "
                + "(SELECT org_id, idem_key FROM idempotency_keys WHERE expires_at <= :now LIMIT :limit)")
        .bind("now", now)
        .bind("limit", limit)
        .execute();
  }

  /**
   * Inserts many keys at once, each already answered, leaving alone every key that exists (or that
   * a concurrent transaction is inserting: that waits for it to end). Never fails for a conflict,
   * so the caller's transaction stays usable on both databases. Returns the indexes of {@code keys}
   * that were inserted; the others are taken. Sort {@code keys} by organization and key so
   * concurrent callers lock in one order.
   */
  public Set<Integer> insertAnswered(Handle h, List<AnsweredKey> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return dialect.insertsIgnoringConflicts()
        ? insertOnConflictDoNothing(h, keys)
        : insertReportingConflicts(h, keys);
  }

  private static Set<Integer> insertOnConflictDoNothing(Handle h, List<AnsweredKey> keys) {
    Set<List<String>> inserted =
        Rows.run(
            h,
            INSERT_ANSWERED_COLUMNS
                + Rows.values(ANSWERED_ROW, keys.size())
                + " ON CONFLICT (org_id, idem_key) DO NOTHING RETURNING org_id, idem_key",
            keys,
            k ->
                new Object[] {
                  k.orgId(),
                  k.key(),
                  k.requestHash(),
                  k.statusCode(),
                  k.responseBody(),
                  k.executionId(),
                  k.createdAt(),
                  k.createdAt().plus(RETENTION)
                },
            ps -> {
              Set<List<String>> rows = new HashSet<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  rows.add(List.of(rs.getString(1), rs.getString(2)));
                }
              }
              return rows;
            });
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (inserted.contains(List.of(keys.get(i).orgId(), keys.get(i).key()))) {
        out.add(i);
      }
    }
    return out;
  }

  /** H2: a batch of plain inserts; a row that hits the primary key fails alone, the rest go in. */
  private static Set<Integer> insertReportingConflicts(Handle h, List<AnsweredKey> keys) {
    PreparedBatch batch =
        h.prepareBatch(
            INSERT_ANSWERED_COLUMNS + "(:org, :key, :hash, :status, :body, :exec, :now, :expires)");
    for (AnsweredKey k : keys) {
      batch
          .bind("org", k.orgId())
          .bind("key", k.key())
          .bind("hash", k.requestHash())
          .bind("status", k.statusCode())
          .bind("body", k.responseBody())
          .bind("exec", k.executionId())
          .bind("now", k.createdAt())
          .bind("expires", k.createdAt().plus(RETENTION))
          .add();
    }
    int[] counts;
    try {
      counts = batch.execute();
    } catch (UnableToExecuteStatementException e) {
      if (!(e.getCause() instanceof BatchUpdateException failed) || !onlyUniqueViolations(failed)) {
        throw e;
      }
      counts = failed.getUpdateCounts();
      if (counts.length != keys.size()) {
        throw e; // a driver that stopped at the first failure: let the caller go one by one
      }
    }
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 1 || counts[i] == Statement.SUCCESS_NO_INFO) {
        out.add(i);
      }
    }
    return out;
  }

  private static boolean onlyUniqueViolations(BatchUpdateException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (!"23505".equals(s.getSQLState())) {
        return false;
      }
    }
    return true;
  }

  /** Deletes the organization's given keys (inserted earlier in the caller's transaction). */
  public int delete(Handle h, String orgId, List<String> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    return h.createUpdate(
            "DELETE FROM idempotency_keys WHERE org_id = :org AND idem_key IN (<keys>)")
        .bind("org", orgId)
        .bindList("keys", new ArrayList<>(keys))
        .execute();
  }
}
