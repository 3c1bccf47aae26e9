package io.modelroute.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A webhook receiver on MockWebServer that records every request and answers with a status the test
 * sets. {@link #stop()} takes it off the network (connections are refused); {@link #start()} brings
 * it back on the same port. Thread-safe.
 */
public final class RecordingWebhookReceiver implements AutoCloseable {
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private MockWebServer server;
  private int port;

  /** A receiver listening on a free local port, answering 200. */
  public static RecordingWebhookReceiver started() {
    RecordingWebhookReceiver r = new RecordingWebhookReceiver();
    r.start();
    return r;
  }

  /** Starts listening (again, on the same port after a {@link #stop()}). */
  public synchronized void start() {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            return new MockResponse.Builder().code(status.get()).body("ok").build();
          }
        });
    try {
      server.start(InetAddress.getLoopbackAddress(), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.getPort();
  }

  /** Stops listening: attempts now fail with "connection refused". */
  public synchronized void stop() {
    server.close();
  }

  /** Answers every following request with {@code code}. */
  public void answer(int code) {
    status.set(code);
  }

  /** The URL of {@code path} on this receiver, e.g. {@code http://127.0.0.1:PORT/hooks}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The bodies received, parsed. */
  public List<JsonNode> bodies() {
    return requests.stream().map(r -> Json.readTree(r.getBody().utf8())).toList();
  }

  /** The {@code event_type} of each request, in arrival order. */
  public List<String> eventTypes() {
    return bodies().stream().map(b -> b.get("event_type").asText()).toList();
  }

  @Override
  public synchronized void close() {
    server.close();
  }
}
