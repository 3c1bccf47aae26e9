package io.modelroute.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slowloris defence on the HTTP connector: a connection must deliver each request head (request
 * line and headers) within {@code headerTimeout}, counted from the first byte of the head the
 * server read, and one client address may hold at most {@code maxPerAddress} open connections (0 =
 * no cap). Offenders are closed without an answer. Jetty's idle timeout alone cannot do this: a
 * client trickling one byte a second is never idle. Connections that send nothing (new or
 * keep-alive) are left to the idle timeout: the clock must not start at accept, because under a
 * burst a connection can wait in Jetty's queue, its request complete in the socket, longer than the
 * header timeout before a thread first reads it (10,000 parked SYNC clients on 2 cores lost 800
 * that way).
 *
 * <p>A Jetty bean on the connector (started and stopped with it); thread-safe.
 */
final class ConnectionGuard extends AbstractLifeCycle implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final long NONE = Long.MIN_VALUE;

  private final long headerTimeoutNanos;
  private final int maxPerAddress;
  private final long sweepMillis;
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private ScheduledExecutorService sweeper;

  /**
   * What the sweeper knows about one connection. Touched by the sweeper thread only, after open.
   */
  private static final class Watch {
    final InetAddress address;
    long headSince;
    long messagesIn;

    Watch(InetAddress address) {
      this.address = address;
      this.headSince = NONE;
    }
  }

  ConnectionGuard(Duration headerTimeout, int maxPerAddress) {
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.maxPerAddress = maxPerAddress;
    this.sweepMillis = Math.max(50, Math.min(1000, headerTimeout.toMillis() / 4));
  }

  @Override
  protected void doStart() {
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "modelroute-connection-guard");
              t.setDaemon(true);
              return t;
            });
    sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void doStop() {
    sweeper.shutdownNow();
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress address = address(connection.getEndPoint().getRemoteSocketAddress());
    open.put(connection, new Watch(address));
    if (maxPerAddress > 0
        && address != null
        && perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet()
            > maxPerAddress) {
      LOG.debug("closing a connection from {}: more than {} open", address, maxPerAddress);
      connection.getEndPoint().close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    Watch w = open.remove(connection);
    if (w != null && maxPerAddress > 0 && w.address != null) {
      perAddress.computeIfPresent(w.address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
  }

  /** Open connections the guard is watching (for tests). */
  int openConnections() {
    return open.size();
  }

  /**
   * One look at every open connection. A failure with one connection is logged and the others are
   * still looked at: an exception escaping a fixed-delay task would end the sweeps for good.
   */
  private void sweep() {
    long now = System.nanoTime();
    open.forEach(
        (connection, w) -> {
          try {
            look(now, connection, w);
          } catch (RuntimeException e) {
            LOG.warn("connection guard: cannot check a connection from {}", w.address, e);
          }
        });
  }

  private void look(long now, Connection connection, Watch w) {
    // Jetty's HTTP/1.1 connection (an internal type): the one that shows its parser state and
    // request count
    if (!(connection instanceof HttpConnection http)) {
      return; // upgraded or other protocols: not ours to judge
    }
    long messages = http.getMessagesIn();
    HttpParser parser = http.getParser();
    boolean midHead = parser.inHeaderState() && !parser.isStart();
    if (!midHead) {
      w.headSince = NONE; // not read yet, handling a request, or idle between requests
      w.messagesIn = messages;
    } else if (w.headSince == NONE || messages != w.messagesIn) {
      w.headSince = now; // a new head started since the last look
      w.messagesIn = messages;
    } else if (now - w.headSince > headerTimeoutNanos) {
      LOG.debug(
          "closing a connection from {}: request head not received within the header timeout",
          w.address);
      w.headSince = NONE;
      connection.getEndPoint().close();
    }
  }

  private static InetAddress address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
