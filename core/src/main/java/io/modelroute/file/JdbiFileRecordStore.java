package io.modelroute.file;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * File records. Methods take the caller's handle so they join its transaction. A file past its
 * {@code expires_at} is invisible to the finders even before retention deletes it.
 */
final class JdbiFileRecordStore {
  static final RowMapper<StoredFile> FILE =
      (rs, ctx) ->
          new StoredFile(
              rs.getString("id"),
              rs.getString("org_id"),
              rs.getString("purpose"),
              rs.getString("status"),
              rs.getString("content_type"),
              rs.getObject("size_bytes", Long.class),
              rs.getString("sha256"),
              rs.getString("storage_key"),
              rs.getString("execution_id"),
              rs.getObject("width", Integer.class),
              rs.getObject("height", Integer.class),
              rs.getTimestamp("created_at").toInstant(),
              instant(rs.getTimestamp("expires_at")));

  /** What decides a newly uploaded file's expiry, and who asked for the upload. */
  record UploadOwner(Integer fileTtlDays, Integer orgTtlDays, String keyId) {}

  void insert(Handle h, StoredFile f) {
    insert(h, f, null, null);
  }

  /** Inserts a file with its requested retention ({@code ttlDays}, or null) and requesting key. */
  void insert(Handle h, StoredFile f, Integer ttlDays, String keyId) {
    h.createUpdate(
            "INSERT INTO files (id, org_id, purpose, status, content_type, size_bytes, sha256, storage_key, "
                + "execution_id, width, height, created_at, ready_at, expires_at, ttl_days, created_by_key_id) "
                + "VALUES (:id, :org, :purpose, :status, :type, :size, :sha, :key, :exec, :width, :height, "
                + ":created, :ready, :expires, :ttl, :createdBy)")
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
        .bind("ttl", ttlDays)
        .bind("createdBy", keyId)
        .execute();
  }

  /** The organization's file, unless missing, another organization's, or past its expiry. */
  Optional<StoredFile> findById(Handle h, String orgId, String id, Instant now) {
    return h.createQuery(
            "SELECT * FROM files WHERE id = :id AND org_id = :org AND (expires_at IS NULL OR expires_at > :now)")
        .bind("id", id)
        .bind("org", orgId)
        .bind("now", now)
        .map(FILE)
        .findOne();
  }

  /**
   * One page of the organization's unexpired files, newest first, after the file created at {@code
   * cursorAt} with id {@code cursorId} (both null for the first page); fetches {@code q.limit() +
   * 1} rows so the caller can tell whether more remain.
   */
  List<StoredFile> list(
      Handle h, String orgId, FileQuery q, Instant now, Instant cursorAt, String cursorId) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT * FROM files WHERE org_id = :org AND (expires_at IS NULL OR expires_at > :now)");
    if (q.status() != null) {
      sql.append(" AND status = :status");
    }
    if (q.purpose() != null) {
      sql.append(" AND purpose = :purpose");
    }
    if (cursorAt != null) {
      sql.append(" AND (created_at < :cursorAt OR (created_at = :cursorAt AND id < :cursorId))");
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    return h.createQuery(sql.toString())
        .bind("org", orgId)
        .bind("now", now)
        .bind("status", q.status())
        .bind("purpose", q.purpose())
        .bind("cursorAt", cursorAt)
        .bind("cursorId", cursorId)
        .bind("limit", q.limit() + 1)
        .map(FILE)
        .list();
  }

  /**
   * Any organization's file, unless missing or past its expiry (for signed URLs, which name no
   * organization).
   */
  Optional<StoredFile> findAnyById(Handle h, String id, Instant now) {
    return h.createQuery(
            "SELECT * FROM files WHERE id = :id AND (expires_at IS NULL OR expires_at > :now)")
        .bind("id", id)
        .bind("now", now)
        .map(FILE)
        .findOne();
  }

  /**
   * Marks a PENDING_UPLOAD file as receiving its bytes, keeping it until {@code leaseUntil}; false
   * when it is gone, past its upload expiry, already READY or already receiving.
   */
  boolean claimUpload(Handle h, String id, Instant now, Instant leaseUntil) {
    return h.createUpdate(
                "UPDATE files SET upload_claimed_at = :now, expires_at = :lease WHERE id = :id "
                    + "AND status = 'PENDING_UPLOAD' AND upload_claimed_at IS NULL AND expires_at > :now")
            .bind("id", id)
            .bind("now", now)
            .bind("lease", leaseUntil)
            .execute()
        == 1;
  }

  /**
   * Undoes {@link #claimUpload} after a failed PUT, so the upload URL can be tried again until
   * {@code expiresAt}.
   */
  void releaseUpload(Handle h, String id, Instant expiresAt) {
    h.createUpdate(
            "UPDATE files SET upload_claimed_at = NULL, expires_at = :expires WHERE id = :id "
                + "AND status = 'PENDING_UPLOAD' AND upload_claimed_at IS NOT NULL")
        .bind("id", id)
        .bind("expires", expiresAt)
        .execute();
  }

  Optional<UploadOwner> uploadOwner(Handle h, String id) {
    return h.createQuery(
            "SELECT f.ttl_days, o.file_ttl_days, f.created_by_key_id FROM files f "
                + "JOIN organizations o ON o.id = f.org_id WHERE f.id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new UploadOwner(
                    rs.getObject("ttl_days", Integer.class),
                    rs.getObject("file_ttl_days", Integer.class),
                    rs.getString("created_by_key_id")))
        .findOne();
  }

  /**
   * A claimed upload whose bytes are stored becomes READY with what was measured; false when it is
   * gone.
   */
  boolean markReady(
      Handle h,
      String id,
      String contentType,
      long size,
      String sha256,
      Instant now,
      Instant expiresAt) {
    return h.createUpdate(
                "UPDATE files SET status = 'READY', content_type = :type, size_bytes = :size, "
                    + "sha256 = :sha, ready_at = :now, expires_at = :expires WHERE id = :id "
                    + "AND status = 'PENDING_UPLOAD' AND upload_claimed_at IS NOT NULL")
            .bind("id", id)
            .bind("type", contentType)
            .bind("size", size)
            .bind("sha", sha256)
            .bind("now", now)
            .bind("expires", expiresAt)
            .execute()
        == 1;
  }

  boolean delete(Handle h, String orgId, String id) {
    return h.createUpdate("DELETE FROM files WHERE id = :id AND org_id = :org")
            .bind("id", id)
            .bind("org", orgId)
            .execute()
        == 1;
  }

  /** Files (of any status) whose expiry is at or before {@code now}, oldest expiry first. */
  List<StoredFile> findExpired(Handle h, Instant now, int limit) {
    return h.createQuery(
            "SELECT * FROM files WHERE expires_at <= :now ORDER BY expires_at, id LIMIT :limit")
        .bind("now", now)
        .bind("limit", limit)
        .map(FILE)
        .list();
  }

  /**
   * Deletes the file if it is still expired at {@code now}; false when gone or extended meanwhile.
   */
  boolean deleteIfExpired(Handle h, String id, Instant now) {
    return h.createUpdate("DELETE FROM files WHERE id = :id AND expires_at <= :now")
            .bind("id", id)
            .bind("now", now)
            .execute()
        == 1;
  }

  List<StoredFile> findByExecution(Handle h, String executionId) {
    return h.createQuery("SELECT * FROM files WHERE execution_id = :exec ORDER BY created_at, id")
        .bind("exec", executionId)
        .map(FILE)
        .list();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
