package io.modelroute.file;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The append-only file audit trail. Methods take the caller's handle so they join its transaction.
 */
final class JdbiFileAuditStore {
  private static final String INSERT =
      "INSERT INTO file_audit (org_id, file_id, action, api_key_id, client_ip, occurred_at) "
          + "VALUES (:org, :file, :action, :key, :ip, :at)";
  private static final RowMapper<FileAuditEntry> ENTRY =
      (rs, ctx) ->
          new FileAuditEntry(
              rs.getLong("id"),
              rs.getString("org_id"),
              rs.getString("file_id"),
              FileAuditAction.valueOf(rs.getString("action")),
              rs.getString("api_key_id"),
              rs.getString("client_ip"),
              rs.getTimestamp("occurred_at").toInstant());

  void insert(
      Handle h,
      String orgId,
      String fileId,
      FileAuditAction action,
      String keyId,
      String ip,
      Instant at) {
    h.createUpdate(INSERT)
        .bind("org", orgId)
        .bind("file", fileId)
        .bind("action", action.name())
        .bind("key", keyId)
        .bind("ip", ip == null || ip.length() <= 64 ? ip : ip.substring(0, 64))
        .bind("at", at)
        .execute();
  }

  /**
   * Newest first; {@code orgId} and {@code fileId} filter when not null, {@code beforeId} pages.
   */
  List<FileAuditEntry> list(Handle h, String orgId, String fileId, Long beforeId, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM file_audit WHERE 1 = 1");
    if (orgId != null) {
      sql.append(" AND org_id = :org");
    }
    if (fileId != null) {
      sql.append(" AND file_id = :file");
    }
    if (beforeId != null) {
      sql.append(" AND id < :before");
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    var query = h.createQuery(sql.toString()).bind("limit", limit);
    if (orgId != null) {
      query.bind("org", orgId);
    }
    if (fileId != null) {
      query.bind("file", fileId);
    }
    if (beforeId != null) {
      query.bind("before", beforeId.longValue());
    }
    return query.map(ENTRY).list();
  }
}
