package io.modelroute.auth;

import io.modelroute.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The web console's sign-in sessions, in the database so that every node of a cluster knows them
 * and a restart signs nobody out. The session id (the cookie) is random and stored only as its
 * SHA-256; a tenant session holds the hash of the API key it was opened with, never the key, and is
 * re-authenticated through {@link ApiKeyService} on every request, so it ends when that secret
 * stops working. A session ends at its fixed expiry or at sign-out.
 *
 * <p>Internal: not API, may change without notice. Public only because the HTTP layer's console
 * routes use it, through {@code ModelRoute.consoleSessions()}. Thread-safe; one per {@code
 * ModelRoute}.
 */
public final class ConsoleSessions {
  /** How long a session lasts from sign-in (absolute, not sliding). */
  public static final Duration TTL = Duration.ofHours(8);

  /** A tenant session (an API key's organization) or an operator session (the admin token). */
  public enum Kind {
    /** Signed in with an API key; acts as that key's organization. */
    TENANT,
    /** Signed in with the admin token. */
    OPERATOR
  }

  /**
   * One signed-in browser. Immutable.
   *
   * @param id the session id, the cookie's value
   * @param kind tenant or operator
   * @param keyHash the SHA-256 of a tenant session's API key; null for an operator session
   * @param csrfToken the token every state-changing request of this session must send as {@code
   *     X-CSRF-Token}
   * @param expiresAt when the session ends unless signed out before
   */
  public record Session(String id, Kind kind, String keyHash, String csrfToken, Instant expiresAt) {
    /** Checks that the required components are there. */
    public Session {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(csrfToken, "csrfToken");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether {@code given} is this session's CSRF token (constant time). */
    public boolean csrfMatches(String given) {
      return given != null
          && MessageDigest.isEqual(
              given.getBytes(StandardCharsets.UTF_8), csrfToken.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final Jdbi jdbi;
  private final JdbiConsoleSessionStore store = new JdbiConsoleSessionStore();
  private final ApiKeyService apiKeys;
  private final Clock clock;

  /** Sessions in {@code jdbi}'s database, re-checking tenant keys through {@code apiKeys}. */
  public ConsoleSessions(Jdbi jdbi, ApiKeyService apiKeys, Clock clock) {
    this.jdbi = jdbi;
    this.apiKeys = apiKeys;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Opens a tenant session for an API key; {@code UNAUTHORIZED} for an unknown or revoked key. */
  public Session openTenant(String apiKey) {
    apiKeys.authenticate(apiKey);
    return open(Kind.TENANT, ApiKeyFormat.hash(apiKey));
  }

  /** Opens an operator session; the caller has checked the admin token. */
  public Session openOperator() {
    return open(Kind.OPERATOR, null);
  }

  private Session open(Kind kind, String keyHash) {
    Instant now = clock.instant();
    Session s = new Session(token(), kind, keyHash, token(), now.plus(TTL));
    jdbi.useTransaction(
        h -> {
          store.deleteExpired(h, now);
          store.insert(h, ApiKeyFormat.hash(s.id()), s, now);
        });
    return s;
  }

  /** The live session with this id; empty when unknown, signed out or expired. */
  public Optional<Session> find(String id) {
    if (!plausible(id)) {
      return Optional.empty();
    }
    return jdbi.withHandle(h -> store.find(h, id, ApiKeyFormat.hash(id), clock.instant()));
  }

  /**
   * The organization and permission a tenant session acts with, its key re-checked.
   *
   * @throws io.modelroute.ModelRouteException {@code UNAUTHORIZED} when the key stopped working
   */
  public Principal principal(Session s) {
    if (s.kind() != Kind.TENANT) {
      throw new IllegalArgumentException("an operator session has no organization");
    }
    return apiKeys.authenticateHash(s.keyHash());
  }

  /** Ends a session (sign-out); unknown ids are ignored. */
  public void close(String id) {
    if (plausible(id)) {
      jdbi.useHandle(h -> store.delete(h, ApiKeyFormat.hash(id)));
    }
  }

  private static String token() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(32));
  }

  /** Whether {@code id} can be a session id at all (a cookie value, not an unbounded string). */
  private static boolean plausible(String id) {
    return id != null && !id.isEmpty() && id.length() <= 100;
  }
}
