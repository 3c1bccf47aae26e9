package io.modelroute.http;

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
 */
public record ServerConfig(
    String host, int port, String adminToken, int rateLimitPerSecond, int rateLimitBurst, long maxJsonBodyBytes) {
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_RATE_PER_SECOND = 60;
  public static final int DEFAULT_BURST = 120;
  public static final long DEFAULT_MAX_JSON_BODY = 1024 * 1024;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    if (adminToken != null && adminToken.length() < 16) {
      throw new IllegalArgumentException("the admin token must be at least 16 characters");
    }
    if (rateLimitPerSecond < 1 || rateLimitBurst < 1) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
  }

  /** Defaults on {@code port}, no admin token. */
  public static ServerConfig defaults(int port) {
    return new ServerConfig(DEFAULT_HOST, port, null, DEFAULT_RATE_PER_SECOND, DEFAULT_BURST, DEFAULT_MAX_JSON_BODY);
  }

  public ServerConfig withAdminToken(String token) {
    return new ServerConfig(host, port, token, rateLimitPerSecond, rateLimitBurst, maxJsonBodyBytes);
  }

  public ServerConfig withRateLimit(int perSecond, int burst) {
    return new ServerConfig(host, port, adminToken, perSecond, burst, maxJsonBodyBytes);
  }
}
