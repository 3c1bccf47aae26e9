package io.modelroute.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake OpenAI-compatible server on loopback: {@code POST /v1/chat/completions} answers one
 * non-streamed chat completion after a fixed latency. It notes the arrival time ({@link
 * System#nanoTime}) of every request whose prompt carries {@code req-<n>}, for the submit →
 * provider-request figure (same JVM as the load generator, so the clocks agree).
 */
final class FakeOpenAi implements AutoCloseable {
  private static final Pattern ID = Pattern.compile("req-(\\d+)");
  private final HttpServer server;
  private final ExecutorService pool;
  private final long latencyMillis;
  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<Integer, Long> arrivals = new ConcurrentHashMap<>();

  static {
    // the JDK server writes headers and body in two segments and leaves Nagle on by default: a
    // client that delays its ACK then waits up to 40 ms for the body, which is the fake's latency,
    // not the gateway's. Real providers (and ModelRoute's own Jetty) send without Nagle.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  FakeOpenAi(long latencyMillis) throws IOException {
    this.latencyMillis = latencyMillis;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    this.pool =
        Executors.newFixedThreadPool(
            256,
            r -> {
              Thread t = new Thread(r, "fake-openai");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  Map<Integer, Long> arrivals() {
    return arrivals;
  }

  private void chat(HttpExchange ex) throws IOException {
    long arrived = System.nanoTime();
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      Matcher m = ID.matcher(text);
      if (m.find()) {
        arrivals.putIfAbsent(Integer.parseInt(m.group(1)), arrived);
      }
      JsonNode req = mapper.readTree(body);
      String model = req.path("model").asText("fake");
      try {
        Thread.sleep(latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] out =
          ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":"
                  + (System.currentTimeMillis() / 1000)
                  + ",\"model\":\""
                  + model
                  + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                  + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}")
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
