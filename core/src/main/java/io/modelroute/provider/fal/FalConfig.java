package io.modelroute.provider.fal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the {@code fal} adapter. {@code null} for any value but {@code apiKey} means its
 * {@code DEFAULT_*}; the values are checked once here, so a provider built from a config never
 * fails on it later. The key is never printed: {@link #toString()} redacts it.
 *
 * @param queueBaseUrl fal's queue API, {@link #DEFAULT_QUEUE_BASE_URL}; a path prefix is kept (a
 *     proxy or a test server may serve it under one)
 * @param apiKey the fal key sent as {@code Authorization: Key <apiKey>} (the operator's, from
 *     configuration or the environment, never a client's)
 * @param connectTimeout TCP/TLS connect timeout of every call
 * @param readTimeout longest silence while reading a response (also while streaming output files)
 * @param pollInterval how long to wait before the next status poll of a queued or running request
 */
public record FalConfig(
    URI queueBaseUrl,
    String apiKey,
    Duration connectTimeout,
    Duration readTimeout,
    Duration pollInterval) {

  /** fal's hosted queue API. */
  public static final URI DEFAULT_QUEUE_BASE_URL = URI.create("https://queue.fal.run");

  /** Connect timeout unless configured. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Read timeout unless configured; queue calls answer at once, file downloads stream. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Poll interval unless configured. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(3);

  public FalConfig {
    queueBaseUrl = queueBaseUrl == null ? DEFAULT_QUEUE_BASE_URL : queueBaseUrl;
    String scheme =
        queueBaseUrl.getScheme() == null ? "" : queueBaseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || queueBaseUrl.getHost() == null) {
      throw new IllegalArgumentException("fal queueBaseUrl must be an absolute http(s) URL");
    }
    if (queueBaseUrl.getRawQuery() != null || queueBaseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("fal queueBaseUrl must not have a query or fragment");
    }
    Objects.requireNonNull(apiKey, "fal apiKey");
    if (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException(
          "fal apiKey must be non-blank printable ASCII without spaces");
    }
    connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
    readTimeout = positive(readTimeout, DEFAULT_READ_TIMEOUT, "readTimeout");
    pollInterval = positive(pollInterval, DEFAULT_POLL_INTERVAL, "pollInterval");
  }

  /** The hosted queue API with {@code apiKey} and every other value at its default. */
  public static FalConfig of(String apiKey) {
    return new FalConfig(null, apiKey, null, null, null);
  }

  /** Shows every value but the key, which prints as {@code ***}. */
  @Override
  public String toString() {
    return "FalConfig[queueBaseUrl="
        + queueBaseUrl
        + ", apiKey=***, connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", pollInterval="
        + pollInterval
        + "]";
  }

  private static Duration positive(Duration value, Duration fallback, String name) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("fal " + name + " must be positive");
    }
    return d;
  }
}
