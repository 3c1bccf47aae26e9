package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: clients that trickle their request head, or hold too many connections, are cut off.
 */
class SlowClientsTest {
  static final String HEALTHZ = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  static TestEngine engine;

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  /**
   * Found by parking 10,000 SYNC requests: with Java's default listen backlog of 50, clients that
   * connect faster than the acceptor takes them overflow it and 8–14 % lost their connection
   * (TcpExtListenOverflows counted them). {@code ss} shows a listening socket's backlog as its
   * Send-Q.
   */
  @Test
  void theServerListensWithABacklogForBurstsOfClients() throws Exception {
    java.nio.file.Path somaxconn = java.nio.file.Path.of("/proc/sys/net/core/somaxconn");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isReadable(somaxconn), "Linux only");
    long cap = Long.parseLong(java.nio.file.Files.readAllLines(somaxconn).get(0).trim());
    try (ModelRouteServer server =
        new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start()) {
      Process ss;
      try {
        ss =
            new ProcessBuilder("ss", "-ltnH", "sport = :" + server.port())
                .redirectErrorStream(true)
                .start();
      } catch (IOException noSs) {
        org.junit.jupiter.api.Assumptions.abort("needs ss (iproute2)");
        return;
      }
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(ss.waitFor()).isZero();
      String[] f =
          out.split("\\s+"); // LISTEN Recv-Q Send-Q local peer; Send-Q of a listener: its backlog
      assertThat(f[0]).as(out).isEqualTo("LISTEN");
      assertThat(Long.parseLong(f[2]))
          .as(out)
          .isEqualTo(Math.min(ModelRouteServer.ACCEPT_QUEUE, cap));
    }
  }

  @Test
  void connectionsTricklingTheirHeadAreClosedWithinTheHeaderTimeoutWhileNormalRequestsSucceed()
      throws Exception {
    Duration headerTimeout = Duration.ofSeconds(1);
    try (ModelRouteServer server =
        new ModelRouteServer(
                engine.modelRoute, ServerConfig.defaults(0).withConnectionLimits(headerTimeout, 0))
            .start()) {
      int n = 40;
      byte[] head =
          ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(500) + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
      ScheduledExecutorService writers = Executors.newScheduledThreadPool(2);
      ExecutorService readers = Executors.newFixedThreadPool(n);
      CountDownLatch allClosed = new CountDownLatch(n);
      ConcurrentLinkedQueue<Long> lifetimesMs = new ConcurrentLinkedQueue<>();
      List<Socket> slow = new ArrayList<>();
      try (Socket normal = new Socket("localhost", server.port())) {
        for (int i = 0; i < n; i++) {
          Socket s = new Socket("localhost", server.port());
          s.setSoTimeout(10_000);
          slow.add(s);
          long opened = System.nanoTime();
          OutputStream out = s.getOutputStream();
          int[] next = {0};
          var trickle =
              writers.scheduleAtFixedRate(
                  () -> {
                    try {
                      out.write(
                          head[
                              next[0]++
                                  % head.length]); // one byte per 200 ms: never idle, never done
                      out.flush();
                    } catch (IOException closed) {
                      throw new IllegalStateException(closed); // stops this trickle
                    }
                  },
                  0,
                  200,
                  TimeUnit.MILLISECONDS);
          readers.execute(
              () -> {
                try (InputStream in = s.getInputStream()) {
                  while (in.read() >= 0) {
                    // the server answers nothing: it closes
                  }
                } catch (IOException reset) {
                  // closed by the server
                }
                lifetimesMs.add((System.nanoTime() - opened) / 1_000_000);
                trickle.cancel(false);
                allClosed.countDown();
              });
        }
        normal.setSoTimeout(10_000);
        normal.getOutputStream().write(HEALTHZ.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RawHttp.read(normal.getInputStream()).status()).isEqualTo(200);

        assertThat(allClosed.await(6, TimeUnit.SECONDS))
            .as("every trickling connection closed")
            .isTrue();
        assertThat(lifetimesMs).allSatisfy(ms -> assertThat(ms).isBetween(900L, 3_000L));

        // the normal client's keep-alive connection, idle for longer than the header timeout, still
        // works
        normal.getOutputStream().write(HEALTHZ.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(RawHttp.read(normal.getInputStream()).status()).isEqualTo(200);
      } finally {
        writers.shutdownNow();
        readers.shutdownNow();
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void aClientAddressOverTheConnectionCapIsClosedAndServedAgainOnceItHoldsFewer() throws Exception {
    try (ModelRouteServer server =
        new ModelRouteServer(
                engine.modelRoute,
                ServerConfig.defaults(0).withConnectionLimits(Duration.ofSeconds(30), 3))
            .start()) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket s = new Socket("localhost", server.port());
          held.add(s);
          s.setSoTimeout(10_000);
          s.getOutputStream()
              .write(HEALTHZ.getBytes(StandardCharsets.ISO_8859_1)); // surely open server-side
          assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(200);
        }
        RawHttp.Answer fourth = RawHttp.send(server.port(), HEALTHZ);
        assertThat(fourth.closedWithoutAnswer())
            .as("the fourth connection is closed unanswered")
            .isTrue();

        Socket first = held.remove(0);
        first.shutdownOutput();
        first.getInputStream().read(); // the server saw the close and closed its side
        first.close();
        RawHttp.Answer again = null;
        for (int attempt = 0;
            attempt < 100 && (again == null || again.closedWithoutAnswer());
            attempt++) {
          again =
              RawHttp.send(server.port(), HEALTHZ); // the server may count the close a moment later
        }
        assertThat(again.status()).isEqualTo(200);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
