package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * The header timeout judges clients, not the server: a request the client sent in full but the
 * server has not yet read (every handler thread busy) is not cut off by it.
 */
class ConnectionGuardTest {

  /**
   * Found by parking 10,000 SYNC requests on 2 cores: every request thread was waiting for a submit
   * commit, the connections accepted in the burst waited in Jetty's queue for more than the 10 s
   * header timeout before their first read, and the guard closed 800 of them unanswered.
   */
  @Test
  void aRequestSentInFullButNotYetReadByABusyServerIsNotCutOff() throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(8, 8);
    pool.setReservedThreads(0);
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory());
    connector.setPort(0);
    connector.addBean(new ConnectionGuard(Duration.ofMillis(200), 0));
    server.addConnector(connector);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handling = new AtomicInteger();
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            handling.incrementAndGet();
            release.await(
                30, TimeUnit.SECONDS); // a handler thread busy, like one waiting for a commit
            response.setStatus(200);
            response.write(true, null, callback);
            return true;
          }
        });
    server.start();
    List<Socket> clients = new ArrayList<>();
    try {
      int n = 24; // more than the pool's threads: some wait unread
      for (int i = 0; i < n; i++) {
        Socket s = new Socket("localhost", connector.getLocalPort());
        s.setSoTimeout(20_000);
        s.getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        clients.add(s);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (handling.get() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(handling.get()).as("some requests are being handled").isPositive().isLessThan(n);
      // five header timeouts pass while the rest wait for a thread
      Thread.sleep(1_000);
      release.countDown();
      int answered = 0;
      for (Socket s : clients) {
        RawHttp.Answer a = RawHttp.read(s.getInputStream());
        if (!a.closedWithoutAnswer() && a.status() == 200) {
          answered++;
        }
      }
      assertThat(answered).as("every request sent in full is answered").isEqualTo(n);
    } finally {
      release.countDown();
      for (Socket s : clients) {
        s.close();
      }
      server.stop();
    }
  }
}
