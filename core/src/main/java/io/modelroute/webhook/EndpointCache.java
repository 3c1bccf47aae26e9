package io.modelroute.webhook;

import io.modelroute.db.internal.CacheVersion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Each organization's webhook endpoints as the fan-out needs them, so an event costs no endpoint
 * query — also, and above all, for the many organizations that have none.
 *
 * <p>Every create, update, delete and deactivation bumps the {@code webhook_endpoints} version in
 * its transaction and invalidates this node's entries once it commits; other nodes on the same
 * database notice within {@link #DEFAULT_CHECK_INTERVAL} (one one-row query per interval, only
 * while events flow). A fan-out that used a stale entry is corrected by the worker's sweep: a
 * delivery written PENDING for an endpoint that is in fact inactive is paused, one written PAUSED
 * for an active endpoint is resumed. Thread-safe.
 */
final class EndpointCache {
  /** How long a change on another node may go unnoticed here. */
  static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(2);

  private static final int MAX_ENTRIES = 100_000;

  private record Entry(long generation, List<WebhookEndpoint> endpoints) {}

  private final JdbiWebhookEndpointStore store;
  private final CacheVersion version;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  EndpointCache(JdbiWebhookEndpointStore store, CacheVersion version) {
    this.store = store;
    this.version = version;
  }

  /**
   * The organization's endpoints, active or not, oldest first; loads them on {@code h} on a miss.
   */
  List<WebhookEndpoint> endpoints(Handle h, String orgId) {
    version.check(h);
    Entry e = entries.get(orgId);
    if (e != null && version.isCurrent(e.generation())) {
      return e.endpoints();
    }
    long generation = version.generation();
    List<WebhookEndpoint> loaded = store.list(h, orgId);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(orgId, new Entry(generation, List.copyOf(loaded)));
    return loaded;
  }

  /** Marks the endpoint sets changed for every node; inside the change's transaction. */
  void changed(Handle h) {
    version.bump(h);
  }

  /** Drops this node's entries; after the change committed. */
  void invalidate() {
    version.invalidate();
  }
}
