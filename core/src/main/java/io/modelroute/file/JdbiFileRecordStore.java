package io.modelroute.file;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** File records. Methods take the caller's handle. */
public final class JdbiFileRecordStore {
  static final RowMapper<StoredFile> FILE =
      (rs, ctx) -> new StoredFile(
          rs.getString("id"),
          rs.getString("org_id"),
          rs.getString("purpose"),
          rs.getString("status"),
          rs.getString("content_type"),
          (Long) rs.getObject("size_bytes", Long.class),
          rs.getString("sha256"),
          rs.getString("storage_key"),
          rs.getString("execution_id"),
          (Integer) rs.getObject("width", Integer.class),
          (Integer) rs.getObject("height", Integer.class),
          rs.getTimestamp("created_at").toInstant(),
          instant(rs.getTimestamp("expires_at")));

  public void insert(Handle h, StoredFile f) {
    h.createUpdate(
            "INSERT INTO files (id, org_id, purpose, status, content_type, size_bytes, sha256, storage_key, "
                + "execution_id, width, height, created_at, ready_at, expires_at) VALUES (:id, :org, :purpose, "
                + ":status, :type, :size, :sha, :key, :exec, :width, :height, :created, :ready, :expires)")
        .bind("id", f.id())
        .bind("org", f.orgId())
        .bind("purpose", f.purpose())
        .bind("status", f.status())
        .bind("type", f.contentType())
        .bind("size", f.sizeBytes())
        .bind("sha", f.sha256())
        .bind("key", f.storageKey())
        .bind("exec", f.executionId())
        .bind("width", f.width())
        .bind("height", f.height())
        .bind("created", f.createdAt())
        .bind("ready", f.isReady() ? f.createdAt() : null)
        .bind("expires", f.expiresAt())
        .execute();
  }

  /** The organization's file, unless missing, another organization's, or past its expiry. */
  public Optional<StoredFile> findById(Handle h, String orgId, String id, Instant now) {
    return h.createQuery(
            "SELECT * FROM files WHERE id = :id AND org_id = :org AND (expires_at IS NULL OR expires_at > :now)")
        .bind("id", id)
        .bind("org", orgId)
        .bind("now", now)
        .map(FILE)
        .findOne();
  }

  public List<StoredFile> findByExecution(Handle h, String executionId) {
    return h.createQuery("SELECT * FROM files WHERE execution_id = :exec ORDER BY created_at, id")
        .bind("exec", executionId).map(FILE).list();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
