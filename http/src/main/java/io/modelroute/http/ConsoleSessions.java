package io.modelroute.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sign-in sessions, in memory on this node: a random session id (the cookie) maps to
 * the credential it was opened with, server-side, so the browser never holds the key. A session ends
 * at its fixed expiry or at sign-out; a node restart ends them all, and in a cluster a session is
 * known only to the node that opened it (a shared store is future work, docs/console.md).
 * Thread-safe.
 */
final class ConsoleSessions {
  /** How long a session lasts from sign-in (absolute, not sliding). */
  static final Duration TTL = Duration.ofHours(8);

  enum Kind { TENANT, OPERATOR }

  /**
   * One signed-in browser.
   *
   * @param credential the API key of a tenant session (re-authenticated on every request, so a
   *     revoked key ends the session); null for an operator session
   * @param csrfToken the token every state-changing request of this session must send as
   *     {@code X-CSRF-Token}
   */
  record Session(String id, Kind kind, String credential, String csrfToken, Instant expiresAt) {
    Session {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(csrfToken, "csrfToken");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether {@code given} is this session's CSRF token (constant time). */
    boolean csrfMatches(String given) {
      return given != null && MessageDigest.isEqual(
          given.getBytes(StandardCharsets.UTF_8), csrfToken.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  ConsoleSessions(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Opens a session for a credential already checked by the caller. */
  Session open(Kind kind, String credential) {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    Session s = new Session(token(), kind, credential, token(), now.plus(TTL));
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session with this id; empty when unknown, signed out or expired (then forgotten). */
  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(s.expiresAt())) {
      sessions.remove(id, s);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /** Ends a session (sign-out); unknown ids are ignored. */
  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
