package io.modelroute.idempotency;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Idempotency keys by organization. Methods take the caller's handle. */
public final class JdbiIdempotencyStore {
  /** Keys are kept this long (SPEC §6). */
  public static final java.time.Duration RETENTION = java.time.Duration.ofHours(24);

  public Optional<IdempotencyRecord> find(Handle h, String orgId, String key) {
    return h.createQuery(
            "SELECT org_id, idem_key, request_hash, status_code, response_body, expires_at "
                + "FROM idempotency_keys WHERE org_id = :org AND idem_key = :key")
        .bind("org", orgId)
        .bind("key", key)
        .map((rs, ctx) -> new IdempotencyRecord(
            rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4), rs.getString(5),
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
  public void complete(Handle h, String orgId, String key, int statusCode, String body, String executionId) {
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
    return h.createUpdate("DELETE FROM idempotency_keys WHERE org_id = :org AND idem_key = :key AND expires_at <= :now")
        .bind("org", orgId).bind("key", key).bind("now", now).execute();
  }

  /** Deletes expired keys, at most {@code limit}; returns how many. */
  public int deleteExpired(Handle h, Instant now, int limit) {
    return h.createUpdate(
            "DELETE FROM idempotency_keys WHERE (org_id, idem_key) IN "
                + "(SELECT org_id, idem_key FROM idempotency_keys WHERE expires_at <= :now LIMIT :limit)")
        .bind("now", now).bind("limit", limit).execute();
  }
}
