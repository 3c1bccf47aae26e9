package io.modelroute.auth;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.internal.JdbiApiKeyStore;
import io.modelroute.auth.internal.JdbiOrganizationStore;
import io.modelroute.db.internal.CacheVersion;
import io.modelroute.internal.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/**
 * Creates, lists, rotates and revokes API keys, and authenticates requests.
 *
 * <p>Authentication rejects malformed keys without touching the database, then looks the key up by
 * its SHA-256 once and keeps the answer (known or unknown) in this node's cache: a cache hit costs
 * no query, a miss one. Every create, rotation and revocation bumps the {@code api_keys} cache
 * version in its transaction and drops this node's cache at once when it commits; other nodes on
 * the same database read that one counter at most once per {@code cacheTtl} (default {@value
 * #DEFAULT_CACHE_TTL_SECONDS} s) while they authenticate, and drop theirs when it moved — so a
 * revocation takes effect at once on this node and within {@code cacheTtl} on every other node, at
 * a cost of one one-row query per interval per node, not one per key. A rotated-out secret is
 * cached with the end of its grace period and stops working at that instant. {@code last_used_at}
 * is written in one batch at most once a minute.
 *
 * <p>Get it from {@code ModelRoute.apiKeys()}; the HTTP layer authenticates every request through
 * it. Thread-safe; one per {@code ModelRoute}.
 */
public final class ApiKeyService {
  /** At most this many active keys per organization (docs/http-api.md). */
  public static final int MAX_ACTIVE_KEYS = 20;

  /** How long a rotated-out key keeps working. */
  public static final Duration ROTATION_GRACE = Duration.ofHours(1);

  static final int DEFAULT_CACHE_TTL_SECONDS = 2;

  /**
   * The bound on how long a revocation or rotation made on another node may go unnoticed here (the
   * interval at which the cache version is read). Changes made on this node apply at once.
   */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(DEFAULT_CACHE_TTL_SECONDS);

  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  private static final int MAX_CACHE_ENTRIES = 50_000;
  private static final int MAX_UNKNOWN_ENTRIES = 10_000;

  /**
   * A newly created key: the listing view plus the secret, shown once. Immutable.
   *
   * @param key the key as listings show it
   * @param secret the bearer key itself ({@code sk_…}); it cannot be read again
   */
  public record CreatedKey(ApiKey key, String secret) {}

  /**
   * The result of a rotation. Immutable.
   *
   * @param id the rotated key's id, unchanged
   * @param newKey the new bearer key ({@code sk_…}), shown once
   * @param previousKeyValidUntil when the secret it replaced stops working
   */
  public record RotatedKey(String id, String newKey, Instant previousKeyValidUntil) {}

  /** A known key (with the end of a rotated-out secret's grace, or null) or an unknown one. */
  private record Cached(Optional<Principal> principal, Instant validUntil, long generation) {}

  private final Jdbi jdbi;
  private final JdbiApiKeyStore keys;
  private final JdbiOrganizationStore orgs;
  private final Clock clock;
  private final CacheVersion version;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cached> unknown = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Instant> usedSinceTouch = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastTouch;

  /**
   * A key service over the given stores; {@code ModelRoute} builds the one it hands out.
   *
   * @param cacheTtl how long a change made on another node may go unnoticed here; zero asks the
   *     database for the cache version on every call
   */
  public ApiKeyService(
      Jdbi jdbi, JdbiApiKeyStore keys, JdbiOrganizationStore orgs, Clock clock, Duration cacheTtl) {
    this.jdbi = jdbi;
    this.keys = keys;
    this.orgs = orgs;
    this.clock = clock;
    this.version = new CacheVersion("api_keys", cacheTtl);
    this.lastTouch = new AtomicReference<>(clock.instant());
  }

  /**
   * The principal a bearer key stands for.
   *
   * @throws ModelRouteException {@code UNAUTHORIZED} for a malformed, unknown or revoked key
   */
  public Principal authenticate(String key) {
    if (!ApiKeyFormat.isWellFormed(key)) {
      throw unauthorized();
    }
    return authenticateHash(ApiKeyFormat.hash(key));
  }

  /**
   * The principal of the key whose SHA-256 is {@code hash} (a console session holds the hash, not
   * the key), through the same cache as {@link #authenticate}.
   *
   * @throws ModelRouteException {@code UNAUTHORIZED} for an unknown, revoked or rotated-out key
   */
  Principal authenticateHash(String hash) {
    version.check(jdbi);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached == null) {
      cached = unknown.get(hash);
    }
    if (cached == null
        || !version.isCurrent(cached.generation())
        || (cached.validUntil() != null && !now.isBefore(cached.validUntil()))) {
      long generation = version.generation();
      Optional<JdbiApiKeyStore.KeyRow> row = lookup(hash, now);
      cached =
          new Cached(
              row.map(r -> new Principal(r.orgId(), r.id(), r.permission())),
              row.map(JdbiApiKeyStore.KeyRow::validUntil).orElse(null),
              generation);
      ConcurrentHashMap<String, Cached> target = row.isPresent() ? cache : unknown;
      if (target.size() >= (row.isPresent() ? MAX_CACHE_ENTRIES : MAX_UNKNOWN_ENTRIES)) {
        target.clear();
      }
      target.put(hash, cached);
    }
    Principal principal = cached.principal().orElseThrow(ApiKeyService::unauthorized);
    used(principal.keyId(), now);
    return principal;
  }

  private Optional<JdbiApiKeyStore.KeyRow> lookup(String hash, Instant now) {
    return jdbi.withHandle(h -> keys.findByHash(h, hash, now))
        .filter(
            r ->
                MessageDigest.isEqual(
                    r.keyHash().getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Notes the use; once a minute writes every key's last use in one batch. */
  private void used(String keyId, Instant now) {
    usedSinceTouch.merge(keyId, now, (a, b) -> a.isAfter(b) ? a : b);
    Instant last = lastTouch.get();
    if (last.plus(TOUCH_INTERVAL).isAfter(now) || !lastTouch.compareAndSet(last, now)) {
      return;
    }
    Map<String, Instant> batch = new HashMap<>();
    for (String id : List.copyOf(usedSinceTouch.keySet())) {
      Instant at = usedSinceTouch.remove(id);
      if (at != null) {
        batch.put(id, at);
      }
    }
    try {
      jdbi.useHandle(h -> keys.touchAll(h, batch));
    } catch (RuntimeException e) {
      // last_used_at is informational; a failed write must not fail the request
      LoggerFactory.getLogger(ApiKeyService.class).warn("could not record API key use", e);
    }
  }

  private void changed() {
    version.invalidate();
  }

  /** Creates a key; fails with CONFLICT when the organization already has 20 active keys. */
  public CreatedKey create(String orgId, String label, Permission permission) {
    if (label != null && label.length() > 200) {
      throw ModelRouteException.invalid(
          "label", "TOO_LONG", "label must be at most 200 characters");
    }
    String secret = ApiKeyFormat.generate();
    ApiKey key =
        new ApiKey(
            Ids.apiKey(),
            orgId,
            label,
            permission,
            ApiKeyFormat.displayPrefix(secret),
            clock.instant(),
            null);
    jdbi.useTransaction(
        h -> {
          if (!orgs.lock(h, orgId)) {
            throw ModelRouteException.notFound("Organization");
          }
          if (keys.countActive(h, orgId) >= MAX_ACTIVE_KEYS) {
            throw new ModelRouteException(
                ErrorCode.CONFLICT,
                "An organization can have at most "
                    + MAX_ACTIVE_KEYS
                    + " active API keys; revoke one first");
          }
          keys.insert(h, key, ApiKeyFormat.hash(secret));
          version.bump(h);
        });
    changed(); // the key may have been cached as unknown
    return new CreatedKey(key, secret);
  }

  /** The organization's active (not revoked) keys, oldest first. */
  public List<ApiKey> list(String orgId) {
    return jdbi.withHandle(h -> keys.listActive(h, orgId));
  }

  /**
   * Gives the key a new secret; the old one keeps working for {@link #ROTATION_GRACE}. Rotating
   * again within that hour leaves every earlier secret its own full hour.
   */
  public RotatedKey rotate(String orgId, String keyId) {
    String secret = ApiKeyFormat.generate();
    Instant until = clock.instant().plus(ROTATION_GRACE);
    int updated =
        jdbi.inTransaction(
            h -> {
              int n =
                  keys.rotate(
                      h,
                      orgId,
                      keyId,
                      ApiKeyFormat.hash(secret),
                      ApiKeyFormat.displayPrefix(secret),
                      until);
              if (n > 0) {
                version.bump(h);
              }
              return n;
            });
    if (updated == 0) {
      throw ModelRouteException.notFound("API key");
    }
    changed();
    return new RotatedKey(keyId, secret, until);
  }

  /**
   * Revokes the key at once on this node; other nodes drop it when told by the cluster signals
   * (milliseconds, PostgreSQL) and at the latest within the cache TTL.
   */
  public void revoke(String orgId, String keyId) {
    int updated =
        jdbi.inTransaction(
            h -> {
              int n = keys.revoke(h, orgId, keyId, clock.instant());
              if (n > 0) {
                version.bump(h);
              }
              return n;
            });
    if (updated == 0) {
      throw ModelRouteException.notFound("API key");
    }
    changed();
  }

  /**
   * The counter that keeps this cache honest across nodes, for the cluster wiring (cross-node
   * revocation). Internal: {@code ModelRoute} hands it to the cluster signals.
   */
  public CacheVersion cacheVersion() {
    return version;
  }

  private static ModelRouteException unauthorized() {
    return new ModelRouteException(
        ErrorCode.UNAUTHORIZED, "Missing, malformed, unknown or revoked API key");
  }
}
