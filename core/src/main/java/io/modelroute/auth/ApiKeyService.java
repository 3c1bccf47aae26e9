package io.modelroute.auth;

import io.modelroute.ErrorCode;
import io.modelroute.Ids;
import io.modelroute.ModelRouteException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates, lists, rotates and revokes API keys, and authenticates requests.
 *
 * <p>Authentication rejects malformed keys without touching the database, then looks the key up
 * by its SHA-256 and keeps the answer for {@link #DEFAULT_CACHE_TTL}, so a revocation on another
 * node takes effect within that time (at once on this node). Thread-safe.
 */
public final class ApiKeyService {
  /** At most this many active keys per organization (SPEC §2). */
  public static final int MAX_ACTIVE_KEYS = 20;
  /** How long a rotated-out key keeps working. */
  public static final Duration ROTATION_GRACE = Duration.ofHours(1);
  /** How long a verified key is trusted without asking the database again. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(5);
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
  private static final int MAX_CACHE_ENTRIES = 50_000;

  /** A newly created key: the listing view plus the secret, shown once. */
  public record CreatedKey(ApiKey key, String secret) {}

  /** The result of a rotation. */
  public record RotatedKey(String id, String newKey, Instant previousKeyValidUntil) {}

  private record Cached(Optional<Principal> principal, long expiresAtNanos) {}

  private final Jdbi jdbi;
  private final JdbiApiKeyStore keys;
  private final JdbiOrganizationStore orgs;
  private final Clock clock;
  private final long cacheTtlNanos;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public ApiKeyService(Jdbi jdbi, JdbiApiKeyStore keys, JdbiOrganizationStore orgs, Clock clock, Duration cacheTtl) {
    this.jdbi = jdbi;
    this.keys = keys;
    this.orgs = orgs;
    this.clock = clock;
    this.cacheTtlNanos = cacheTtl.toNanos();
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
    String hash = ApiKeyFormat.hash(key);
    long nowNanos = System.nanoTime();
    Cached cached = cache.get(hash);
    if (cached == null || cached.expiresAtNanos - nowNanos < 0) {
      cached = new Cached(lookup(hash), nowNanos + cacheTtlNanos);
      if (cache.size() >= MAX_CACHE_ENTRIES) {
        cache.clear();
      }
      cache.put(hash, cached);
    }
    return cached.principal.orElseThrow(ApiKeyService::unauthorized);
  }

  private Optional<Principal> lookup(String hash) {
    Instant now = clock.instant();
    return jdbi.withHandle(h -> {
      Optional<JdbiApiKeyStore.KeyRow> row = keys.findByHash(h, hash, now);
      if (row.isEmpty()
          || !MessageDigest.isEqual(
              row.get().keyHash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
        return Optional.empty();
      }
      JdbiApiKeyStore.KeyRow r = row.get();
      if (r.lastUsedAt() == null || r.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
        keys.touch(h, r.id(), now);
      }
      return Optional.of(new Principal(r.orgId(), r.id(), r.permission()));
    });
  }

  /** Creates a key; fails with CONFLICT when the organization already has 20 active keys. */
  public CreatedKey create(String orgId, String label, Permission permission) {
    if (label != null && label.length() > 200) {
      throw ModelRouteException.invalid("label", "TOO_LONG", "label must be at most 200 characters");
    }
    String secret = ApiKeyFormat.generate();
    ApiKey key = new ApiKey(
        Ids.apiKey(), orgId, label, permission, ApiKeyFormat.displayPrefix(secret), clock.instant(), null);
    jdbi.useTransaction(h -> {
      if (!orgs.lock(h, orgId)) {
        throw ModelRouteException.notFound("Organization");
      }
      if (keys.countActive(h, orgId) >= MAX_ACTIVE_KEYS) {
        throw new ModelRouteException(
            ErrorCode.CONFLICT, "An organization can have at most " + MAX_ACTIVE_KEYS + " active API keys; revoke one first");
      }
      keys.insert(h, key, ApiKeyFormat.hash(secret));
    });
    return new CreatedKey(key, secret);
  }

  public List<ApiKey> list(String orgId) {
    return jdbi.withHandle(h -> keys.listActive(h, orgId));
  }

  /** Gives the key a new secret; the old one keeps working for {@link #ROTATION_GRACE}. */
  public RotatedKey rotate(String orgId, String keyId) {
    String secret = ApiKeyFormat.generate();
    Instant until = clock.instant().plus(ROTATION_GRACE);
    int updated = jdbi.withHandle(h ->
        keys.rotate(h, orgId, keyId, ApiKeyFormat.hash(secret), ApiKeyFormat.displayPrefix(secret), until));
    if (updated == 0) {
      throw ModelRouteException.notFound("API key");
    }
    cache.clear();
    return new RotatedKey(keyId, secret, until);
  }

  /** Revokes the key at once on this node (other nodes within the cache TTL). */
  public void revoke(String orgId, String keyId) {
    int updated = jdbi.withHandle(h -> keys.revoke(h, orgId, keyId, clock.instant()));
    if (updated == 0) {
      throw ModelRouteException.notFound("API key");
    }
    cache.clear();
  }

  private static ModelRouteException unauthorized() {
    return new ModelRouteException(ErrorCode.UNAUTHORIZED, "Missing, malformed, unknown or revoked API key");
  }
}
