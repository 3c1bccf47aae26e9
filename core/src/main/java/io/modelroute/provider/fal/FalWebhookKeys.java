package io.modelroute.provider.fal;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * The Ed25519 public keys fal signs its webhooks with (the {@code X-Fal-Webhook-Signature} header).
 * The default reads fal's JWKS document and caches it; tests and air-gapped setups pass a fixed
 * set. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface FalWebhookKeys {
  /** Where fal publishes its webhook keys. */
  URI DEFAULT_JWKS_URL = URI.create("https://rest.alpha.fal.ai/.well-known/jwks.json");

  /**
   * The keys a webhook received at {@code now} may be signed with.
   *
   * @param refresh the previous keys matched no signature: fetch fresh ones if the source allows
   * @throws IOException when no keys can be obtained
   */
  List<PublicKey> keys(Instant now, boolean refresh) throws IOException;

  /** A fixed key set. */
  static FalWebhookKeys of(List<PublicKey> keys) {
    List<PublicKey> copy = List.copyOf(keys);
    return (now, refresh) -> copy;
  }

  /**
   * Keys read from a JWKS document (entries {@code {"kty": "OKP", "crv": "Ed25519", "x": …}}),
   * fetched on first use with {@code client}, kept 24 hours and fetched again early — at most every
   * five minutes — when a signature matches none of them (key rotation). When a fetch fails the
   * previous keys stay in use.
   */
  static FalWebhookKeys jwks(OkHttpClient client, URI url) {
    return new JwksWebhookKeys(
        Objects.requireNonNull(client, "client"), Objects.requireNonNull(url, "url"));
  }

  /** An Ed25519 public key from its raw 32 bytes (a JWK's decoded {@code x}). */
  static PublicKey ed25519(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
    }
    // SubjectPublicKeyInfo DER prefix for id-Ed25519 (RFC 8410), followed by the raw key.
    byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] der = new byte[prefix.length + raw.length];
    System.arraycopy(prefix, 0, der, 0, prefix.length);
    System.arraycopy(raw, 0, der, prefix.length, raw.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key", e);
    }
  }
}
