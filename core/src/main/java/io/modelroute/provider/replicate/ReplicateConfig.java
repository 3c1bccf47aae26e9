package io.modelroute.provider.replicate;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * Configuration of the {@code replicate} provider. {@code null} for any value but the token means
 * its {@code DEFAULT_*}. Validated once here; the record is immutable and its {@link #toString()}
 * never shows the token or the signing secret.
 *
 * @param baseUrl the API root, default {@value #DEFAULT_BASE_URL}; tests point it at a local server
 * @param apiToken the Replicate API token sent as {@code Authorization: Bearer …}; required
 * @param webhookSigningSecret the account's webhook signing secret ({@code whsec_…}, from {@code
 *     GET /v1/webhooks/default/secret}); when set, every callback must carry a valid Standard
 *     Webhooks signature, when {@code null} callbacks are trusted on the gateway's signed callback
 *     token alone
 * @param connectTimeout TCP/TLS connect timeout, default {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param readTimeout longest wait for the next bytes of a response (also of output downloads),
 *     default {@link #DEFAULT_READ_TIMEOUT}
 * @param pollInterval how long the engine waits before polling a running prediction, also when it
 *     expects a callback (the fallback for a lost one), default {@link #DEFAULT_POLL_INTERVAL}
 */
public record ReplicateConfig(
    URI baseUrl,
    String apiToken,
    String webhookSigningSecret,
    Duration connectTimeout,
    Duration readTimeout,
    Duration pollInterval) {

  /** Replicate's public API root. */
  public static final String DEFAULT_BASE_URL = "https://api.replicate.com/v1";

  /** Connect timeout when none is configured. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Read timeout when none is configured. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** Poll interval when none is configured. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  /** Prefix of a Standard Webhooks secret. */
  static final String SECRET_PREFIX = "whsec_";

  public ReplicateConfig {
    baseUrl = baseUrl == null ? URI.create(DEFAULT_BASE_URL) : baseUrl;
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "replicate baseUrl must be an absolute http(s) URL: " + baseUrl);
    }
    Objects.requireNonNull(apiToken, "apiToken");
    if (apiToken.isBlank()) {
      throw new IllegalArgumentException("replicate apiToken must not be blank");
    }
    if (webhookSigningSecret != null) {
      if (webhookSigningSecret.isBlank()) {
        webhookSigningSecret = null;
      } else {
        secretKey(webhookSigningSecret);
      }
    }
    connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    readTimeout = positive(readTimeout, DEFAULT_READ_TIMEOUT, "readTimeout");
    pollInterval = positive(pollInterval, DEFAULT_POLL_INTERVAL, "pollInterval");
  }

  /** The default configuration with {@code apiToken} and no webhook signature check. */
  public static ReplicateConfig of(String apiToken) {
    return new ReplicateConfig(null, apiToken, null, null, null, null);
  }

  /** This configuration with another base URL. */
  public ReplicateConfig withBaseUrl(URI url) {
    return new ReplicateConfig(
        url, apiToken, webhookSigningSecret, connectTimeout, readTimeout, pollInterval);
  }

  /**
   * This configuration with a webhook signing secret ({@code whsec_…}), or none for {@code null}.
   */
  public ReplicateConfig withWebhookSigningSecret(String secret) {
    return new ReplicateConfig(
        baseUrl, apiToken, secret, connectTimeout, readTimeout, pollInterval);
  }

  /** Shows everything but the token and the secret. */
  @Override
  public String toString() {
    return "ReplicateConfig[baseUrl="
        + baseUrl
        + ", apiToken=<redacted>"
        + ", webhookSigningSecret="
        + (webhookSigningSecret == null ? "<none>" : "<redacted>")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", pollInterval="
        + pollInterval
        + "]";
  }

  /** The HMAC key of a {@code whsec_…} secret: the base64-decoded part after the prefix. */
  static byte[] secretKey(String secret) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      byte[] key = Base64.getDecoder().decode(encoded.trim());
      if (key.length == 0) {
        throw new IllegalArgumentException("replicate webhookSigningSecret is empty");
      }
      return key;
    } catch (IllegalArgumentException e) {
      // The message must not echo the secret.
      throw new IllegalArgumentException(
          "replicate webhookSigningSecret must be whsec_ followed by base64");
    }
  }

  private static Duration positive(Duration value, Duration fallback, String name) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("replicate " + name + " must be positive, got " + d);
    }
    return d;
  }
}
