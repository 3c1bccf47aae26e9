package io.modelroute.webhook;

import java.time.Duration;
import java.util.Objects;
import okhttp3.Dns;

/**
 * How webhook deliveries are made; give it to {@code ModelRouteConfig.Builder.webhooks}, starting
 * from {@link #defaults()}. The retry schedule, expiry and deactivation threshold are the contract
 * of docs/webhooks.md and not configurable. Immutable; safe to share.
 *
 * @param allowPrivateNetworks {@code webhooks.allow-private-networks}: allow plain {@code http} and
 *     hosts on loopback, private, link-local and other non-public addresses. Off by default; on in
 *     {@code serve --dev} and tests
 * @param threads deliveries this node makes at once
 * @param timeout the whole of one delivery attempt: connect, send, wait for the answer
 * @param lease how long a claimed delivery stays with this node; must exceed {@code timeout} so a
 *     slow attempt is never taken over while it runs
 * @param pollInterval how often the database is asked for due deliveries when nothing wakes the
 *     loop (work written by other nodes is noticed within it)
 * @param resolver name resolution for endpoint hosts ({@link Dns#SYSTEM}; tests substitute names)
 */
public record WebhookSettings(
    boolean allowPrivateNetworks,
    int threads,
    Duration timeout,
    Duration lease,
    Duration pollInterval,
    Dns resolver) {
  /** Deliveries one node makes at once unless configured otherwise. */
  public static final int DEFAULT_THREADS = 8;

  /** The longest one delivery attempt may take unless configured otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** How long a claimed delivery stays with its node unless configured otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

  /**
   * The safety poll: deliveries committed on this node wake the worker at once and it sleeps until
   * the earliest retry, so the poll only bounds how late work written by another node is noticed.
   */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException when {@code threads} is below 1, {@code timeout} is not
   *     positive or {@code lease} is not longer than {@code timeout}
   */
  public WebhookSettings {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(resolver, "resolver");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (lease.compareTo(timeout) <= 0) {
      throw new IllegalArgumentException("lease must be longer than timeout");
    }
  }

  /** The defaults: public https endpoints only, 30 s timeout, 8 threads. */
  public static WebhookSettings defaults() {
    return new WebhookSettings(
        false, DEFAULT_THREADS, DEFAULT_TIMEOUT, DEFAULT_LEASE, DEFAULT_POLL_INTERVAL, Dns.SYSTEM);
  }

  /** These settings with {@code allowPrivateNetworks} set. */
  public WebhookSettings withAllowPrivateNetworks(boolean allow) {
    return new WebhookSettings(allow, threads, timeout, lease, pollInterval, resolver);
  }

  /** These settings resolving names with {@code dns}. */
  WebhookSettings withResolver(Dns dns) {
    return new WebhookSettings(allowPrivateNetworks, threads, timeout, lease, pollInterval, dns);
  }
}
