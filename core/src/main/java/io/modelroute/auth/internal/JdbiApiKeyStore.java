package io.modelroute.auth.internal;

import io.modelroute.auth.ApiKey;
import io.modelroute.auth.ApiKeyService;
import io.modelroute.auth.Permission;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Internal: not API, may change without notice. API keys, stored as SHA-256 hashes only, for {@link
 * ApiKeyService}. Methods take the caller's handle so they join its transaction. Stateless;
 * thread-safe.
 */
public final class JdbiApiKeyStore {
  /**
   * A stored key row as authentication needs it.
   *
   * @param validUntil when the matched secret stops working: null for the key's current secret, the
   *     end of its grace period for a rotated-out one
   */
  public record KeyRow(
      String id,
      String orgId,
      Permission permission,
      String keyHash,
      Instant lastUsedAt,
      Instant validUntil) {}

  private static final RowMapper<ApiKey> KEY =
      (rs, ctx) ->
          new ApiKey(
              rs.getString("id"),
              rs.getString("org_id"),
              rs.getString("label"),
              Permission.valueOf(rs.getString("permission")),
              rs.getString("key_prefix"),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("last_used_at") == null
                  ? null
                  : rs.getTimestamp("last_used_at").toInstant());

  public void insert(Handle h, ApiKey key, String keyHash) {
    h.createUpdate(
            "INSERT INTO api_keys (id, org_id, label, permission, key_hash, key_prefix, created_at) "
                + "VALUES (:id, :org, :label, :permission, :hash, :prefix, :created)")
        .bind("id", key.id())
        .bind("org", key.orgId())
        .bind("label", key.label())
        .bind("permission", key.permission().name())
        .bind("hash", keyHash)
        .bind("prefix", key.prefix())
        .bind("created", key.createdAt())
        .execute();
  }

  public int countActive(Handle h, String orgId) {
    return h.createQuery("SELECT COUNT(*) FROM api_keys WHERE org_id = :org AND revoked_at IS NULL")
        .bind("org", orgId)
        .mapTo(Integer.class)
        .one();
  }

  public List<ApiKey> listActive(Handle h, String orgId) {
    return h.createQuery(
            "SELECT * FROM api_keys WHERE org_id = :org AND revoked_at IS NULL ORDER BY created_at, id")
        .bind("org", orgId)
        .map(KEY)
        .list();
  }

  public Optional<ApiKey> findActive(Handle h, String orgId, String id) {
    return h.createQuery(
            "SELECT * FROM api_keys WHERE org_id = :org AND id = :id AND revoked_at IS NULL")
        .bind("org", orgId)
        .bind("id", id)
        .map(KEY)
        .findOne();
  }

  /**
   * The active key whose current hash is {@code hash}, or one of whose rotated-out secrets has the
   * hash and is still inside its own grace period.
   */
  public Optional<KeyRow> findByHash(Handle h, String hash, Instant now) {
    // one query for a miss, whichever kind of secret it is (or none)
    return h.createQuery(
            "SELECT id, org_id, permission, key_hash, last_used_at, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS until "
                + "FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL "
                + "UNION ALL "
                + "SELECT k.id, k.org_id, k.permission, s.key_hash, k.last_used_at, s.valid_until FROM api_key_secrets s "
                + "JOIN api_keys k ON k.id = s.key_id "
                + "WHERE s.key_hash = :hash AND s.valid_until > :now AND k.revoked_at IS NULL")
        .bind("hash", hash)
        .bind("now", now)
        .map(
            (rs, ctx) ->
                row(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getTimestamp(5),
                    rs.getTimestamp(6)))
        .findFirst();
  }

  private static KeyRow row(
      String id,
      String org,
      String permission,
      String hash,
      java.sql.Timestamp lastUsed,
      java.sql.Timestamp until) {
    return new KeyRow(
        id,
        org,
        Permission.valueOf(permission),
        hash,
        lastUsed == null ? null : lastUsed.toInstant(),
        until == null ? null : until.toInstant());
  }

  /**
   * Replaces the key's secret; the current one joins the key's rotated-out secrets, valid until
   * {@code previousValidUntil}. Earlier rotated-out secrets keep their own grace; expired ones are
   * removed. Returns 0 when the key is not an active key of the organization.
   */
  public int rotate(
      Handle h,
      String orgId,
      String id,
      String newHash,
      String newPrefix,
      Instant previousValidUntil) {
    Optional<String> currentHash =
        h.createQuery(
                "SELECT key_hash FROM api_keys WHERE org_id = :org AND id = :id AND revoked_at IS NULL FOR UPDATE")
            .bind("org", orgId)
            .bind("id", id)
            .mapTo(String.class)
            .findOne();
    if (currentHash.isEmpty()) {
      return 0;
    }
    h.createUpdate("DELETE FROM api_key_secrets WHERE key_id = :id AND valid_until <= :now")
        .bind("id", id)
        .bind("now", previousValidUntil.minus(ApiKeyService.ROTATION_GRACE))
        .execute();
    h.createUpdate(
            "INSERT INTO api_key_secrets (key_hash, key_id, valid_until) VALUES (:hash, :id, :until)")
        .bind("hash", currentHash.get())
        .bind("id", id)
        .bind("until", previousValidUntil)
        .execute();
    return h.createUpdate(
            "UPDATE api_keys SET key_hash = :hash, key_prefix = :prefix "
                + "WHERE org_id = :org AND id = :id AND revoked_at IS NULL")
        .bind("hash", newHash)
        .bind("prefix", newPrefix)
        .bind("org", orgId)
        .bind("id", id)
        .execute();
  }

  public int revoke(Handle h, String orgId, String id, Instant now) {
    return h.createUpdate(
            "UPDATE api_keys SET revoked_at = :now WHERE org_id = :org AND id = :id AND revoked_at IS NULL")
        .bind("now", now)
        .bind("org", orgId)
        .bind("id", id)
        .execute();
  }

  public void touch(Handle h, String id, Instant now) {
    h.createUpdate("UPDATE api_keys SET last_used_at = :now WHERE id = :id")
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  /** Records when each key was last used, in one batch. */
  public void touchAll(Handle h, java.util.Map<String, Instant> lastUsed) {
    if (lastUsed.isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch(
            "UPDATE api_keys SET last_used_at = :now WHERE id = :id "
                + "AND (last_used_at IS NULL OR last_used_at < :now)");
    lastUsed.forEach((id, at) -> batch.bind("now", at).bind("id", id).add());
    batch.execute();
  }
}
