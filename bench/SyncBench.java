import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * N concurrent SYNC requests (Prefer: wait=60) against a running server, sampling the server's
 * live thread count from /metrics while they are parked. Run by bench/sync-bench.sh:
 * java -cp cli/target/modelroute.jar bench/SyncBench.java URL KEY N
 */
public class SyncBench {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String key = args[1];
    int n = Integer.parseInt(args[2]);
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(n + 10);
    dispatcher.setMaxRequestsPerHost(n + 10);
    OkHttpClient http = new OkHttpClient.Builder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(n + 10, 5, java.util.concurrent.TimeUnit.MINUTES))
        .readTimeout(Duration.ofSeconds(120)).callTimeout(Duration.ofSeconds(120)).build();
    CountDownLatch done = new CountDownLatch(n);
    ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicLong totalMs = new AtomicLong();
    AtomicLong maxMs = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      Request req = new Request.Builder().url(url + "/v1/executions")
          .header("Authorization", "Bearer " + key).header("Prefer", "wait=60")
          .post(RequestBody.create("{\"model\":\"bench-sync-2s\",\"input\":{\"prompt\":\"sync " + i + "\"}}",
              MediaType.get("application/json")))
          .build();
      http.newCall(req).enqueue(new Callback() {
        @Override public void onFailure(Call call, IOException e) {
          statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
          done.countDown();
        }
        @Override public void onResponse(Call call, Response r) {
          try (r) {
            r.body().string();
            statuses.computeIfAbsent(r.code(), k -> new AtomicInteger()).incrementAndGet();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            totalMs.addAndGet(ms);
            maxMs.accumulateAndGet(ms, Math::max);
          } catch (IOException e) {
            statuses.computeIfAbsent(-2, k -> new AtomicInteger()).incrementAndGet();
          } finally {
            done.countDown();
          }
        }
      });
    }
    double maxThreads = 0;
    double maxParked = 0;
    while (!done.await(250, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      try (Response r = http.newCall(new Request.Builder().url(url + "/metrics").build()).execute()) {
        for (String line : r.body().string().split("\n")) {
          if (line.startsWith("jvm_threads_live_threads ")) {
            maxThreads = Math.max(maxThreads, Double.parseDouble(line.substring(line.indexOf(' ') + 1)));
          }
          if (line.startsWith("modelroute_waiting_requests ")) {
            maxParked = Math.max(maxParked, Double.parseDouble(line.substring(line.indexOf(' ') + 1)));
          }
        }
      } catch (IOException ignored) {
        // sample again
      }
    }
    long wall = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("requests: %d, statuses: %s%n", n, statuses);
    System.out.printf("wall %d ms, mean response %d ms, max response %d ms%n", wall, totalMs.get() / n, maxMs.get());
    System.out.printf("server live threads (max sampled): %.0f, parked requests (max sampled): %.0f%n",
        maxThreads, maxParked);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
