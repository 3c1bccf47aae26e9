package io.modelroute.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** API keys, stored as SHA-256 hashes only. Methods take the caller's handle. */
public final class JdbiApiKeyStore {
  /** A stored key row as authentication needs it. */
  record KeyRow(String id, String orgId, Permission permission, String keyHash, Instant lastUsedAt) {}

  private static final RowMapper<ApiKey> KEY =
      (rs, ctx) -> new ApiKey(
          rs.getString("id"),
          rs.getString("org_id"),
          rs.getString("label"),
          Permission.valueOf(rs.getString("permission")),
          rs.getString("key_prefix"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant());

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
        .bind("org", orgId).mapTo(Integer.class).one();
  }

  public List<ApiKey> listActive(Handle h, String orgId) {
    return h.createQuery(
            "SELECT * FROM api_keys WHERE org_id = :org AND revoked_at IS NULL ORDER BY created_at, id")
        .bind("org", orgId).map(KEY).list();
  }

  public Optional<ApiKey> findActive(Handle h, String orgId, String id) {
    return h.createQuery("SELECT * FROM api_keys WHERE org_id = :org AND id = :id AND revoked_at IS NULL")
        .bind("org", orgId).bind("id", id).map(KEY).findOne();
  }

  /**
   * The active key whose current hash is {@code hash}, or whose previous hash is {@code hash} and
   * still inside its rotation grace period.
   */
  Optional<KeyRow> findByHash(Handle h, String hash, Instant now) {
    Optional<KeyRow> current = h.createQuery(
            "SELECT id, org_id, permission, key_hash, last_used_at FROM api_keys "
                + "WHERE key_hash = :hash AND revoked_at IS NULL")
        .bind("hash", hash)
        .map((rs, ctx) -> row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5)))
        .findOne();
    if (current.isPresent()) {
      return current;
    }
    return h.createQuery(
            "SELECT id, org_id, permission, previous_key_hash, last_used_at FROM api_keys "
                + "WHERE previous_key_hash = :hash AND previous_valid_until > :now AND revoked_at IS NULL")
        .bind("hash", hash)
        .bind("now", now)
        .map((rs, ctx) -> row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5)))
        .findOne();
  }

  private static KeyRow row(String id, String org, String permission, String hash, java.sql.Timestamp lastUsed) {
    return new KeyRow(id, org, Permission.valueOf(permission), hash, lastUsed == null ? null : lastUsed.toInstant());
  }

  /** Replaces the key's secret, keeping the old one valid until {@code previousValidUntil}. */
  public int rotate(Handle h, String orgId, String id, String newHash, String newPrefix, Instant previousValidUntil) {
    return h.createUpdate(
            "UPDATE api_keys SET previous_key_hash = key_hash, previous_valid_until = :until, "
                + "key_hash = :hash, key_prefix = :prefix "
                + "WHERE org_id = :org AND id = :id AND revoked_at IS NULL")
        .bind("until", previousValidUntil)
        .bind("hash", newHash)
        .bind("prefix", newPrefix)
        .bind("org", orgId)
        .bind("id", id)
        .execute();
  }

  public int revoke(Handle h, String orgId, String id, Instant now) {
    return h.createUpdate(
            "UPDATE api_keys SET revoked_at = :now WHERE org_id = :org AND id = :id AND revoked_at IS NULL")
        .bind("now", now).bind("org", orgId).bind("id", id).execute();
  }

  public void touch(Handle h, String id, Instant now) {
    h.createUpdate("UPDATE api_keys SET last_used_at = :now WHERE id = :id").bind("now", now).bind("id", id).execute();
  }
}
