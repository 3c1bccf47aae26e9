package io.modelroute.auth;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The web console's sessions, keyed by the SHA-256 of the cookie value. Methods take the caller's
 * handle.
 */
final class JdbiConsoleSessionStore {

  void insert(Handle h, String idHash, ConsoleSessions.Session s, Instant now) {
    h.createUpdate(
            "INSERT INTO console_sessions (id_hash, kind, key_hash, csrf_token, created_at, expires_at) "
                + "VALUES (:id, :kind, :key, :csrf, :now, :expires)")
        .bind("id", idHash)
        .bind("kind", s.kind().name())
        .bind("key", s.keyHash())
        .bind("csrf", s.csrfToken())
        .bind("now", now)
        .bind("expires", s.expiresAt())
        .execute();
  }

  /** The session whose cookie hashes to {@code idHash}, if it has not expired at {@code now}. */
  Optional<ConsoleSessions.Session> find(Handle h, String id, String idHash, Instant now) {
    return h.createQuery(
            "SELECT kind, key_hash, csrf_token, expires_at FROM console_sessions "
                + "WHERE id_hash = :id AND expires_at > :now")
        .bind("id", idHash)
        .bind("now", now)
        .map(
            (rs, ctx) ->
                new ConsoleSessions.Session(
                    id,
                    ConsoleSessions.Kind.valueOf(rs.getString("kind")),
                    rs.getString("key_hash"),
                    rs.getString("csrf_token"),
                    rs.getTimestamp("expires_at").toInstant()))
        .findOne();
  }

  void delete(Handle h, String idHash) {
    h.createUpdate("DELETE FROM console_sessions WHERE id_hash = :id").bind("id", idHash).execute();
  }

  int deleteExpired(Handle h, Instant now) {
    return h.createUpdate("DELETE FROM console_sessions WHERE expires_at <= :now")
        .bind("now", now)
        .execute();
  }
}
