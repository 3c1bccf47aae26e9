package io.modelroute.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server runs.
 *
 * @param host interface to bind, e.g. {@code 0.0.0.0}
 * @param port TCP port; 0 picks a free one
 * @param adminToken bearer token for {@code /admin/v1}; null disables the admin routes
 * @param rateLimitPerSecond tokens added per second to each API key's bucket
 * @param rateLimitBurst bucket size: the most requests a key can make at once
 * @param maxJsonBodyBytes largest JSON request body
 * @param headerTimeout longest a connection may take to send a request's line and headers; slower
 *     connections are closed (slowloris)
 * @param maxConnectionsPerIp most connections one client address may hold open at once; 0 = no cap
 */
public record ServerConfig(
    String host,
    int port,
    String adminToken,
    int rateLimitPerSecond,
    int rateLimitBurst,
    long maxJsonBodyBytes,
    Duration headerTimeout,
    int maxConnectionsPerIp) {
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_RATE_PER_SECOND = 60;
  public static final int DEFAULT_BURST = 120;
  public static final long DEFAULT_MAX_JSON_BODY = 1024 * 1024;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 512;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    if (adminToken != null && adminToken.length() < 16) {
      throw new IllegalArgumentException("the admin token must be at least 16 characters");
    }
    if (rateLimitPerSecond < 1 || rateLimitBurst < 1) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
    if (headerTimeout.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("the header timeout must be at least 100 ms");
    }
    if (maxConnectionsPerIp < 0) {
      throw new IllegalArgumentException(
          "the connection cap per address must be 0 (none) or positive");
    }
  }

  /** Defaults on {@code port}, no admin token. */
  public static ServerConfig defaults(int port) {
    return new ServerConfig(
        DEFAULT_HOST,
        port,
        null,
        DEFAULT_RATE_PER_SECOND,
        DEFAULT_BURST,
        DEFAULT_MAX_JSON_BODY,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS_PER_IP);
  }

  public ServerConfig withAdminToken(String token) {
    return new ServerConfig(
        host,
        port,
        token,
        rateLimitPerSecond,
        rateLimitBurst,
        maxJsonBodyBytes,
        headerTimeout,
        maxConnectionsPerIp);
  }

  public ServerConfig withRateLimit(int perSecond, int burst) {
    return new ServerConfig(
        host,
        port,
        adminToken,
        perSecond,
        burst,
        maxJsonBodyBytes,
        headerTimeout,
        maxConnectionsPerIp);
  }

  /** With this request-head deadline and per-address connection cap (0 = no cap). */
  public ServerConfig withConnectionLimits(Duration headerTimeout, int maxConnectionsPerIp) {
    return new ServerConfig(
        host,
        port,
        adminToken,
        rateLimitPerSecond,
        rateLimitBurst,
        maxJsonBodyBytes,
        headerTimeout,
        maxConnectionsPerIp);
  }
}
