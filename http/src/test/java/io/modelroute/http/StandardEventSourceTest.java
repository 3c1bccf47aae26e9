package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.FaultEvent;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.RetryDelayStrategy;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.eventsource.StreamIOException;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A standard EventSource client (LaunchDarkly's okhttp-eventsource: it reconnects after a lost
 * connection or the end of a stream, sends {@code Last-Event-ID}, honours {@code retry:}) follows a
 * STREAMING create through a proxy that loses the connection mid-stream.
 *
 * <p>The WHATWG standard makes an EventSource stop ("fail the connection", no reconnect) on any
 * answer but 200; okhttp-eventsource 4.1.1 treats every 2xx as a stream and would keep reading an
 * empty one, so the client here gets that one rule from an interceptor: a 204 ends it.
 */
class StandardEventSourceTest {
  static final String KEY_HEADER = "Idempotency-Key";
  StreamedText provider = new StreamedText();
  TestEngine engine;
  ModelRouteServer server;
  CuttingProxy proxy;
  String key;

  /**
   * Forwards TCP connections to the server; {@link #cut} drops every open one, as a network would.
   */
  static final class CuttingProxy implements AutoCloseable {
    final ServerSocket listening = new ServerSocket(0);
    final List<Socket> open = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    CuttingProxy(int targetPort) throws IOException {
      acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket client = listening.accept();
                    Socket upstream = new Socket("localhost", targetPort);
                    open.add(client);
                    open.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                  }
                } catch (IOException closed) {
                  // the proxy was closed
                }
              },
              "cutting-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return listening.getLocalPort();
    }

    private static void pipe(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  byte[] buffer = new byte[8192];
                  for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (IOException gone) {
                  // one side went away
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "cutting-proxy-pipe");
      t.setDaemon(true);
      t.start();
    }

    void cut() {
      open.forEach(CuttingProxy::closeQuietly);
      open.clear();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      listening.close();
      cut();
    }
  }

  /** What the client sent and got on one connection. */
  record Attempt(String lastEventId, int status) {}

  @BeforeEach
  void start() throws IOException {
    engine =
        TestEngine.withDefaultCatalog(
            Dialect.H2, b -> b.startWorkers(true).clock(Clock.systemUTC()), provider);
    server = new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
    proxy = new CuttingProxy(server.port());
    key = engine.modelRoute.organizations().create("acme", Money.parse("25.00")).key().secret();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    server.stop();
    engine.close();
  }

  @Test
  @Timeout(60)
  void
      aStandardClientThatLosesTheConnectionResumesWithLastEventIdGetsEveryDeltaOnceAndStopsAfterTheEnd()
          throws Exception {
    CountDownLatch gate = provider.gate("cut me off");
    List<Attempt> attempts = new CopyOnWriteArrayList<>();
    OkHttpClient http =
        TestHttp.builder()
            .readTimeout(Duration.ofSeconds(30))
            .addInterceptor(
                chain -> {
                  Response r = chain.proceed(chain.request());
                  attempts.add(new Attempt(chain.request().header("Last-Event-ID"), r.code()));
                  if (r.code() == 204) { // WHATWG: anything but 200 fails the connection for good
                    r.close();
                    throw new IOException("204 No Content: the stream is over");
                  }
                  return r;
                })
            .build();
    List<Long> retryBases = new CopyOnWriteArrayList<>();
    RetryDelayStrategy recordRetry =
        new RetryDelayStrategy() {
          @Override
          public Result apply(long baseDelayMillis) {
            retryBases.add(baseDelayMillis);
            return new Result(
                baseDelayMillis / 30, this); // the server's delay, shortened for the test
          }
        };
    ErrorStrategy stopOn204 =
        new ErrorStrategy() {
          @Override
          public Result apply(StreamException e) {
            boolean over =
                e instanceof StreamIOException io
                    && String.valueOf(io.getIOException().getMessage()).startsWith("204");
            return new Result(over ? Action.THROW : Action.CONTINUE, this);
          }
        };
    String body =
        "{\"model\":\"text-generation-standard\",\"mode\":\"STREAMING\",\"input\":{\"prompt\":\"cut me off\"}}";
    List<MessageEvent> messages = new ArrayList<>();
    List<StreamEvent> faults = new ArrayList<>();
    StreamException stoppedBy = null;
    int started = 0;
    try (EventSource es =
        new EventSource.Builder(
                ConnectStrategy.http(
                        URI.create("http://localhost:" + proxy.port() + "/v1/executions"))
                    .httpClient(http)
                    .header("Authorization", "Bearer " + key)
                    .header(KEY_HEADER, "follow-me-1")
                    .methodAndBody(
                        "POST", RequestBody.create(body, MediaType.get("application/json"))))
            .retryDelay(10, TimeUnit.SECONDS) // until the server says otherwise
            .retryDelayStrategy(recordRetry)
            .errorStrategy(stopOn204)
            .build()) {
      while (true) {
        StreamEvent event;
        try {
          event = es.readAnyEvent();
        } catch (StreamException e) {
          stoppedBy = e;
          break;
        }
        if (event instanceof StartedEvent && ++started == 2) {
          gate.countDown(); // reconnected: let the provider finish
        } else if (event instanceof FaultEvent) {
          faults.add(event);
        } else if (event instanceof MessageEvent m) {
          messages.add(m);
          if (m.getEventName().equals("output.delta")
              && m.getData().contains("world")
              && started == 1) {
            proxy.cut(); // the connection is lost after "world", while the execution still runs
          }
        }
      }
    }
    assertThat(stoppedBy).isInstanceOf(StreamIOException.class);
    List<String> deltas =
        messages.stream()
            .filter(m -> m.getEventName().equals("output.delta"))
            .map(m -> Json.readTree(m.getData()).path("text").asText())
            .toList();
    assertThat(deltas).containsExactly("Hello, ", "world", "!");
    assertThat(messages)
        .extracting(MessageEvent::getEventName)
        .containsOnlyOnce("execution.state", "execution.started", "execution.completed")
        .last()
        .isEqualTo("execution.completed");
    String afterWorld =
        messages.stream()
            .filter(m -> m.getData().contains("world"))
            .findFirst()
            .orElseThrow()
            .getLastEventId();
    String terminal = messages.get(messages.size() - 1).getLastEventId();
    assertThat(attempts)
        .containsExactly(
            new Attempt(null, 200), // the create
            new Attempt(
                afterWorld, 200), // the reconnect after the lost connection: the rest of the stream
            new Attempt(
                terminal, 204)); // the reconnect after the end: nothing more, the client stops
    assertThat(retryBases)
        .isNotEmpty()
        .containsOnly((long) EventStream.RETRY_MS); // retry: honoured
    assertThat(faults)
        .isNotEmpty(); // the cut and the end of the stream, each followed by a reconnect
  }
}
