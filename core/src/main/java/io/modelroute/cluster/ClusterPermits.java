package io.modelroute.cluster;

import io.modelroute.worker.internal.ProviderPermits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provider permits leased from {@code provider_permits}: one conditional {@code UPDATE … RETURNING}
 * to take a slot, one to give it back. A slot's lease is extended by its node's heartbeat, so the
 * slots of a node that dies come back after one lease. Thread-safe.
 */
final class ClusterPermits implements ProviderPermits {
  private final Jdbi jdbi;
  private final JdbiPermitStore store;
  private final String nodeId;
  private final Clock clock;
  private final Duration lease;

  private record Release(String provider, int permit, String executionId) {}

  private static final Logger LOG = LoggerFactory.getLogger(ClusterPermits.class);
  private final Set<Release> failedReleases = ConcurrentHashMap.newKeySet();

  /** {@code provider/limit} pairs whose slots this process already made sure exist. */
  private final Set<String> seeded = ConcurrentHashMap.newKeySet();

  ClusterPermits(Jdbi jdbi, JdbiPermitStore store, String nodeId, Clock clock, Duration lease) {
    this.jdbi = jdbi;
    this.store = store;
    this.nodeId = nodeId;
    this.clock = clock;
    this.lease = lease;
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public int tryAcquire(String provider, int limit, String executionId) {
    if (seeded.add(provider + "/" + limit)) {
      jdbi.useHandle(h -> store.seed(h, provider, limit));
    }
    Instant now = clock.instant();
    return jdbi.withHandle(
            h -> store.acquire(h, provider, limit, nodeId, executionId, now, now.plus(lease)))
        .orElse(NO_PERMIT);
  }

  /**
   * Never throws: a release the database refused is retried at the next heartbeat ({@link
   * #extend}).
   */
  @Override
  public void release(String provider, int permit, String executionId) {
    if (permit == NO_PERMIT) {
      return;
    }
    Release r = new Release(provider, permit, executionId);
    try {
      jdbi.useHandle(h -> store.release(h, provider, permit, nodeId, executionId));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not give back {} permit {} of {} (retried at the next heartbeat): {}",
          provider,
          permit,
          executionId,
          e.toString());
      failedReleases.add(r);
    }
  }

  /**
   * Gives back the slots whose release failed, then extends the leases of every slot this node
   * still holds (a slot it could never give back would otherwise be kept alive for ever); returns
   * how many were extended.
   */
  int extend(Instant now) {
    for (Release r : List.copyOf(failedReleases)) {
      jdbi.useHandle(h -> store.release(h, r.provider(), r.permit(), nodeId, r.executionId()));
      failedReleases.remove(r);
    }
    return jdbi.withHandle(h -> store.extend(h, nodeId, now.plus(lease)));
  }

  /** Gives back every slot this node holds. */
  int releaseAll() {
    failedReleases.clear();
    return jdbi.withHandle(h -> store.releaseAll(h, nodeId));
  }

  /** Slots of {@code provider} held by any node right now. */
  int held(String provider) {
    Instant now = clock.instant();
    return jdbi.withHandle(h -> store.held(h, provider, now));
  }
}
