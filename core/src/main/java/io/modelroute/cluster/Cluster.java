package io.modelroute.cluster;

import io.modelroute.ModelRoute;
import io.modelroute.worker.internal.ProviderPermits;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster, and what the nodes share through the database.
 *
 * <ul>
 *   <li><b>Nodes</b>: a node running workers {@link #start registers} itself in {@code nodes},
 *       heartbeats every {@link #HEARTBEAT_INTERVAL} on a thread of its own and marks itself
 *       stopped on {@link #close}; a node whose heartbeat is older than {@link #STALE_AFTER} is
 *       shown {@code STALE}. Joining needs no step beyond starting against the shared database.
 *   <li><b>Shared limits</b> ({@link #isShared()}: PostgreSQL named by a JDBC URL, which other
 *       nodes can reach): provider concurrency limits as leased {@link #permits() permit slots},
 *       and the rate limit's token buckets through {@link #exchangeRateUse}. Otherwise (H2, the
 *       embedded single-node PostgreSQL) both stay node-local and cost nothing.
 * </ul>
 *
 * Thread-safe.
 */
public final class Cluster implements AutoCloseable {
  /** Time between two heartbeats of a running node. */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

  /** A running node silent for longer than this is {@code STALE} and no longer counted live. */
  public static final Duration STALE_AFTER = HEARTBEAT_INTERVAL.multipliedBy(3);

  /**
   * Shared rate-limit buckets nobody used for this long are deleted (a full bucket has no state).
   */
  static final Duration BUCKET_RETENTION = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  private final Jdbi jdbi;
  private final boolean shared;
  private final String nodeId;
  private final int workerThreads;
  private final Clock clock;
  private final JdbiNodeStore nodes = new JdbiNodeStore();
  private final JdbiRateBucketStore buckets = new JdbiRateBucketStore();
  private final ClusterPermits clusterPermits;
  private volatile int liveNodes = 1;
  private volatile boolean registered;
  private volatile long lastPurgeMillis;
  private ScheduledExecutorService heartbeats;

  /**
   * @param shared whether other nodes share the database, so limits must be enforced together
   * @param lease how long a provider permit outlives its node's last heartbeat
   */
  public Cluster(
      Jdbi jdbi, boolean shared, String nodeId, int workerThreads, Clock clock, Duration lease) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.shared = shared;
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.workerThreads = workerThreads;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clusterPermits = new ClusterPermits(jdbi, new JdbiPermitStore(), nodeId, clock, lease);
    this.lastPurgeMillis = clock.millis();
  }

  /** This node's id (the dispatcher's {@code claimed_by}). */
  String nodeId() {
    return nodeId;
  }

  /** Whether limits are enforced together with other nodes through the database. */
  public boolean isShared() {
    return shared;
  }

  /**
   * The provider permits the dispatcher takes: leased slots when shared, else {@link
   * ProviderPermits#NONE}.
   */
  public ProviderPermits permits() {
    return shared ? clusterPermits : ProviderPermits.NONE;
  }

  /**
   * Registers this node and starts its heartbeat thread; idempotent (the workers and the HTTP
   * server both call it).
   */
  public synchronized void start() {
    if (heartbeats == null) {
      register();
      heartbeats =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "modelroute-heartbeat");
                t.setDaemon(true);
                return t;
              });
      long every = HEARTBEAT_INTERVAL.toMillis();
      heartbeats.scheduleWithFixedDelay(
          () -> {
            try {
              heartbeat();
            } catch (RuntimeException e) {
              LOG.warn("heartbeat of node {} failed: {}", nodeId, e.toString());
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Registers this node as running (again, after a restart under the same id: the permits its
   * previous run left are given back). Tests driving nodes by hand call it instead of {@link
   * #start}.
   */
  public void register() {
    Instant now = clock.instant();
    var registration =
        new JdbiNodeStore.Registration(
            nodeId, now, version(), host(), ProcessHandle.current().pid(), workerThreads);
    jdbi.useTransaction(h -> nodes.register(h, registration));
    if (shared) {
      int released = clusterPermits.releaseAll();
      if (released > 0) {
        LOG.info(
            "released {} provider permits left by a previous run of node {}", released, nodeId);
      }
    }
    registered = true;
    refreshLiveNodes(now);
    LOG.info("node {} joined the cluster ({} live)", nodeId, liveNodes);
  }

  /**
   * One heartbeat: marks this node alive, extends the leases of its provider permits, re-counts the
   * live nodes and, once an hour, deletes unused rate-limit buckets. The thread calls it every
   * {@link #HEARTBEAT_INTERVAL}; tests call it by hand.
   */
  public void heartbeat() {
    Instant now = clock.instant();
    if (!jdbi.withHandle(h -> nodes.heartbeat(h, nodeId, now))) {
      register(); // the row was deleted by hand: come back
      return;
    }
    if (shared) {
      clusterPermits.extend(now);
      if (now.toEpochMilli() - lastPurgeMillis >= BUCKET_RETENTION.toMillis()) {
        lastPurgeMillis = now.toEpochMilli();
        jdbi.useHandle(h -> buckets.purge(h, now.minus(BUCKET_RETENTION).toEpochMilli()));
      }
    }
    refreshLiveNodes(now);
  }

  private void refreshLiveNodes(Instant now) {
    liveNodes = Math.max(1, jdbi.withHandle(h -> nodes.countLive(h, now.minus(STALE_AFTER))));
  }

  /** Running nodes with a recent heartbeat as of the last heartbeat (at least 1: this one). */
  public int liveNodes() {
    return liveNodes;
  }

  /**
   * Every node registered with this database, by id, with its state and the leases it holds now.
   */
  public List<Node> nodes() {
    Instant now = clock.instant();
    return jdbi.withHandle(h -> nodes.list(h, now, STALE_AFTER));
  }

  /**
   * Slots of {@code provider}'s shared concurrency limit held by any node right now (0 when not
   * shared).
   */
  int permitsHeld(String provider) {
    return shared ? clusterPermits.held(provider) : 0;
  }

  /**
   * Reports what this node let through per rate-limit key since its last report and returns each
   * reported key's tokens left in the cluster (negative: debt to pay back). One statement.
   *
   * @throws IllegalStateException when the limits are not shared
   */
  public Map<String, Double> exchangeRateUse(Map<String, Long> used, double perSecond, int burst) {
    if (!shared) {
      throw new IllegalStateException("rate limits are node-local on this database");
    }
    long now = clock.millis();
    return jdbi.withHandle(h -> buckets.exchange(h, used, perSecond, burst, now));
  }

  /**
   * Stops heartbeating; after a clean stop ({@code graceful}), gives back this node's permits and
   * marks it stopped. Call after the dispatcher released its leases.
   */
  public synchronized void stop(boolean graceful) {
    if (heartbeats != null) {
      heartbeats.shutdownNow();
      heartbeats = null;
    }
    if (!graceful || !registered) {
      return;
    }
    registered = false;
    try {
      if (shared) {
        clusterPermits.releaseAll();
      }
      Instant now = clock.instant();
      jdbi.useHandle(h -> nodes.markStopped(h, nodeId, now));
    } catch (RuntimeException e) {
      LOG.warn("could not mark node {} stopped: {}", nodeId, e.toString());
    }
  }

  @Override
  public void close() {
    stop(true);
  }

  /** The version Maven wrote into the core jar ({@code dev} when running from classes). */
  private static String version() {
    try (var in =
        ModelRoute.class.getResourceAsStream(
            "/META-INF/maven/io.modelroute/modelroute-core/pom.properties")) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return "dev";
  }

  private static String host() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
