package io.modelroute.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelroute.Json;
import io.modelroute.db.internal.Database;
import io.modelroute.execution.internal.OutboxListener;
import io.modelroute.internal.Ids;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal (public for the engine's other packages and the HTTP layer; not API, may change without
 * notice). Cross-node events on PostgreSQL with LISTEN/NOTIFY, no broker: what one node commits or
 * reports about an execution reaches the {@link ExecutionWatch} of every other node on the same
 * database within milliseconds, so SYNC waits, event streams and {@code waitFor} behave alike on
 * every node.
 *
 * <ul>
 *   <li>Outbox events ({@code execution.started}, terminal moves) are announced by a NOTIFY sent
 *       inside the transaction that writes them ({@link #outbox()}), one statement per transaction
 *       whatever its batch size, so the other nodes hear of a change if and only if it commits.
 *   <li>Progress and text deltas are sent by one publishing thread ({@link OutputPublisher}:
 *       autocommit NOTIFYs, batched as they queue up). A terminal move waits (at most {@link
 *       OutputPublisher#DELTA_WAIT}) until this node's text for the execution has been sent, so
 *       other nodes tell their streams the text first.
 *   <li>One listening connection per node ({@code application_name} {@value #APPLICATION_NAME} and
 *       the node id) reads notifications on one thread and hands them to the watch. If it drops, it
 *       reconnects with backoff ({@link #FIRST_BACKOFF} doubling to {@link #MAX_BACKOFF}) and then
 *       has the watch re-read every waiting execution, since nothing was heard meanwhile.
 *   <li>Nothing is sent while no other node listens: every {@link #PEER_CHECK} the listener counts
 *       the other listening sessions of the database, and a node that starts announces itself at
 *       once, so a single node pays no extra statement.
 * </ul>
 *
 * <p>Payloads ({@link SignalPayloads}) are JSON below {@link SignalPayloads#MAX_PAYLOAD_BYTES}
 * (PostgreSQL refuses 8000 bytes): {@code {"n": sender, "e": [item, …]}} with items {@code ["s",
 * id]} (started), {@code ["t", id]} (terminal), {@code ["d", id, text, offset]} (text delta and
 * where it starts in the execution's text; longer text is cut into pieces of {@link
 * SignalPayloads#MAX_DELTA_PIECE} characters, sent in order), {@code ["p", id, percent, index]}
 * (the running node's {@code index}-th progress report; offsets and indexes let every node give a
 * stream the same event ids, and are absent from older nodes), {@code ["c", name]} (a {@link
 * io.modelroute.db.internal.CacheVersion} was bumped: API keys revoked, rotated or created) and
 * {@code ["h"]} (hello). Thread-safe; close it to stop both threads.
 */
public final class ClusterSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSignals.class);

  /** The {@code application_name} prefix of listening sessions, in {@code pg_stat_activity}. */
  static final String APPLICATION_NAME = "modelroute-signals";

  /** How often the listener counts the other nodes' listening sessions. */
  public static final Duration PEER_CHECK = Duration.ofSeconds(5);

  /** The first wait before reconnecting a lost listening connection; doubles up to the next. */
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  /** The longest wait between reconnection attempts. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Database database;
  private final Jdbi jdbi;
  private final String nodeId;
  private final String sender;
  private final ExecutionWatch watch;
  private final Duration firstBackoff;
  private final Thread listener;
  private final OutputPublisher publisher;
  private final SignalPayloads payloads;
  private volatile boolean closed;
  private volatile Connection listening;
  private volatile boolean connected;
  private volatile boolean peers;
  private long connections;
  private final Object state = new Object();
  private final ConcurrentHashMap<String, io.modelroute.db.internal.CacheVersion> caches =
      new ConcurrentHashMap<>();
  private final Counter received;
  private final Counter sent;
  private final Counter reconnects;

  private ClusterSignals(
      Database database,
      String nodeId,
      ExecutionWatch watch,
      MeterRegistry registry,
      Duration firstBackoff) {
    this.database = database;
    this.jdbi = database.jdbi();
    this.nodeId = nodeId;
    this.sender = nodeId + "/" + Ids.randomHex(4); // node ids need not be unique; senders are
    this.watch = watch;
    this.firstBackoff = firstBackoff;
    this.received =
        Counter.builder("modelroute.cluster.notifications.received")
            .description("Cluster notifications heard from other nodes")
            .register(registry);
    this.sent =
        Counter.builder("modelroute.cluster.notifications.sent")
            .description("Cluster notifications sent to other nodes")
            .register(registry);
    this.reconnects =
        Counter.builder("modelroute.cluster.reconnects")
            .description("Times the listening connection was re-established")
            .register(registry);
    Counter dropped =
        Counter.builder("modelroute.cluster.output.dropped")
            .description("Progress/text items not sent because the queue was full")
            .register(registry);
    this.payloads = new SignalPayloads(sender);
    this.publisher = new OutputPublisher(jdbi, payloads, () -> peers, sent, dropped);
    Gauge.builder("modelroute.cluster.listening", this, s -> s.connected ? 1 : 0)
        .description("1 while this node listens for other nodes' events")
        .register(registry);
    Gauge.builder("modelroute.cluster.peers", this, s -> s.peers ? 1 : 0)
        .description("1 while other nodes listen on the same database")
        .register(registry);
    this.listener = new Thread(this::listen, "modelroute-cluster-listen");
    this.listener.setDaemon(true);
  }

  /**
   * Starts listening on {@code database} (PostgreSQL) for {@code watch} and relays what this node
   * reports to the others. Returns once the first connection was tried (it keeps retrying in the
   * background when that failed).
   */
  public static ClusterSignals start(
      Database database, String nodeId, ExecutionWatch watch, MeterRegistry registry) {
    return start(database, nodeId, watch, registry, FIRST_BACKOFF);
  }

  static ClusterSignals start(
      Database database,
      String nodeId,
      ExecutionWatch watch,
      MeterRegistry registry,
      Duration firstBackoff) {
    ClusterSignals s = new ClusterSignals(database, nodeId, watch, registry, firstBackoff);
    watch.relayTo(s.publisher);
    s.publisher.start();
    s.listener.start();
    s.awaitConnections(1, Duration.ofSeconds(5));
    return s;
  }

  /**
   * The outbox listener that announces committed events to the other nodes (add it to the event
   * store).
   */
  public OutboxListener outbox() {
    return new OutboxListener() {
      @Override
      public void written(Handle h, OutboxEvent event) {
        writtenAll(h, List.of(event));
      }

      @Override
      public void writtenAll(Handle h, List<OutboxEvent> events) {
        if (peers) {
          announce(h, events);
        }
      }
    };
  }

  /**
   * Makes {@code version}'s bumps reach the other nodes at commit: the bump sends {@code ["c",
   * name]} in its transaction while other nodes listen, and a node that hears it invalidates its
   * counter of that name at once (it would otherwise notice at its next check interval).
   */
  public void follow(io.modelroute.db.internal.CacheVersion version) {
    caches.put(version.name(), version);
    version.announceWith(
        (h, name) -> {
          if (peers) {
            send(h, List.of(SignalPayloads.item("c", name)));
          }
        });
  }

  /** Whether the listening connection is up. */
  boolean isListening() {
    return connected;
  }

  /** Whether other nodes listen on the same database (this node then sends its events). */
  boolean hasPeers() {
    return peers;
  }

  /** How many times the listening connection has been established (1 after a clean start). */
  long connections() {
    synchronized (state) {
      return connections;
    }
  }

  /**
   * Waits until the listening connection has been established {@code n} times; false on timeout.
   */
  boolean awaitConnections(long n, Duration timeout) {
    return await(() -> connections >= n && connected, timeout);
  }

  /** Waits until the listening connection is down; false when {@code timeout} ran out. */
  boolean awaitDisconnected(Duration timeout) {
    return await(() -> !connected, timeout);
  }

  /**
   * Waits until another node listens (a test or a start-up script forming a cluster); false when
   * {@code timeout} ran out.
   */
  public boolean awaitPeers(Duration timeout) {
    return await(() -> peers, timeout);
  }

  private boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (state) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(state, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void setState(Runnable change) {
    synchronized (state) {
      change.run();
      state.notifyAll();
    }
  }

  // ---- sending ----

  /** One NOTIFY on the transaction's handle for a batch of events about to commit. */
  private void announce(Handle h, List<OutboxListener.OutboxEvent> events) {
    List<ArrayNode> items = new ArrayList<>(events.size());
    List<String> terminal = new ArrayList<>();
    for (OutboxListener.OutboxEvent event : events) {
      String id = event.execution().id();
      if (event.type() == EventType.STARTED) {
        items.add(SignalPayloads.item("s", id));
      } else {
        items.add(SignalPayloads.item("t", id));
        terminal.add(id);
      }
    }
    publisher.awaitSent(terminal); // their text first
    send(h, items);
  }

  private void send(Handle h, List<ArrayNode> items) {
    List<String> packed = payloads.pack(items);
    SignalPayloads.send(h, packed);
    sent.increment(packed.size());
  }

  // ---- listening ----

  private void listen() {
    long backoff = firstBackoff.toMillis();
    boolean warned = false;
    while (!closed) {
      try (Connection c = database.connectDirectly(applicationName())) {
        listening = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + SignalPayloads.CHANNEL);
        }
        boolean again;
        synchronized (state) {
          again = connections > 0;
        }
        checkPeers(c);
        try (var hello = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          hello.setString(1, SignalPayloads.CHANNEL);
          hello.setString(2, payloads.pack(List.of(SignalPayloads.item("h"))).get(0));
          hello.execute();
        }
        setState(
            () -> {
              connected = true;
              connections++;
            });
        if (again) {
          reconnects.increment();
          LOG.info("cluster signals listen again; re-reading every waiting execution");
        }
        // whatever committed while nobody listened (LISTEN is in force now: nothing falls between);
        // also after a first connection that took retries
        watch.recheckNow();
        backoff = firstBackoff.toMillis();
        warned = false;
        PGConnection pg = c.unwrap(PGConnection.class);
        long nextCheck = System.nanoTime() + PEER_CHECK.toNanos();
        while (!closed) {
          long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextCheck - System.nanoTime()));
          PGNotification[] notes = pg.getNotifications((int) Math.min(waitMs, Integer.MAX_VALUE));
          if (notes != null) {
            for (PGNotification n : notes) {
              heard(n.getParameter());
            }
          }
          if (System.nanoTime() - nextCheck >= 0) {
            checkPeers(c);
            nextCheck = System.nanoTime() + PEER_CHECK.toNanos();
          }
        }
      } catch (SQLException | RuntimeException e) {
        setState(() -> connected = false);
        listening = null;
        if (closed) {
          return;
        }
        if (!warned) {
          LOG.warn(
              "cluster signals lost their database connection; reconnecting (the watch re-checks meanwhile)",
              e);
          warned = true;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
      }
    }
    setState(() -> connected = false);
  }

  private String applicationName() {
    String name = APPLICATION_NAME + " " + nodeId;
    return name.length() > 63 ? name.substring(0, 63) : name; // NAMEDATALEN
  }

  private void checkPeers(Connection c) throws SQLException {
    try (var q =
        c.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name LIKE ? AND pid <> pg_backend_pid()")) {
      q.setString(1, APPLICATION_NAME + "%");
      try (ResultSet rs = q.executeQuery()) {
        boolean any = rs.next() && rs.getLong(1) > 0;
        setState(() -> peers = any);
      }
    }
  }

  /**
   * One notification: ours are ignored (this node told its watchers already), others go to the
   * watch.
   */
  void heard(String payload) {
    JsonNode root;
    try {
      root = Json.readTree(payload);
    } catch (RuntimeException e) {
      LOG.debug("ignoring a malformed cluster notification", e);
      return;
    }
    if (sender.equals(root.path("n").asText())) {
      return;
    }
    received.increment();
    if (!peers) {
      setState(() -> peers = true);
    }
    List<String> changed = new ArrayList<>();
    List<String> terminal = new ArrayList<>();
    for (JsonNode item : root.path("e")) {
      String id = item.path(1).asText();
      switch (item.path(0).asText()) {
        case "s" -> changed.add(id);
        case "t" -> terminal.add(id);
        case "d" -> watch.deltaElsewhere(id, item.path(3).asLong(-1), item.path(2).asText());
        case "p" -> watch.progressElsewhere(id, item.path(3).asInt(0), item.path(2).asInt());
        case "c" -> {
          io.modelroute.db.internal.CacheVersion cache = caches.get(id);
          if (cache != null) {
            cache.invalidate();
          }
        }
        default -> {} // "h": a node joined; newer kinds are ignored by older nodes
      }
    }
    if (!changed.isEmpty() || !terminal.isEmpty()) {
      watch.changedElsewhere(changed, terminal);
    }
  }

  /** Stops listening and publishing; the watch keeps its periodic re-check. */
  @Override
  public void close() {
    closed = true;
    caches.values().forEach(v -> v.announceWith(null));
    watch.relayTo(null);
    listener.interrupt();
    Connection c = listening;
    if (c != null) {
      try {
        c.close(); // unblocks getNotifications
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    try {
      listener.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
    synchronized (state) {
      state.notifyAll();
    }
  }
}
