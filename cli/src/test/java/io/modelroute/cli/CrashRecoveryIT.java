package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md: a server killed with kill -9 right after answering 202s loses none of them;
 * after a restart every one reaches a terminal state and the ledger invariant holds.
 */
class CrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyAcceptedExecutionSurvivesKillNineAndFinishesAfterRestart(@TempDir Path dataDir)
      throws Exception {
    int port = ServerProcess.freePort();
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20)).build();
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    String key;
    try (ServerProcess first = ServerProcess.start(dataDir, port)) {
      key = first.devKey();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int n = i;
        calls.add(
            pool.submit(
                () -> {
                  Request req =
                      new Request.Builder()
                          .url(first.url() + "/v1/executions")
                          .header("Authorization", "Bearer " + key)
                          .header("Idempotency-Key", "crash-" + n)
                          .post(
                              RequestBody.create(
                                  "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"crash "
                                      + n
                                      + "\",\"width\":256,\"height\":256}}",
                                  MediaType.get("application/json")))
                          .build();
                  try (Response r = http.newCall(req).execute()) {
                    if (r.code() == 202) {
                      accepted.add(JSON.readTree(r.body().string()).get("id").asText());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : calls) {
        f.get();
      }
      pool.shutdown();
      first.kill9();
    }
    assertThat(accepted).hasSize(60);

    try (ServerProcess second = ServerProcess.start(dataDir, port)) {
      assertThat(second.devKey()).isEqualTo(key);
      Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
      List<String> pending = new ArrayList<>(accepted);
      while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
        List<String> still = new ArrayList<>();
        for (String id : pending) {
          try (Response r =
              http.newCall(
                      new Request.Builder()
                          .url(second.url() + "/v1/executions/" + id)
                          .header("Authorization", "Bearer " + key)
                          .build())
                  .execute()) {
            assertThat(r.code()).as("execution %s after restart", id).isEqualTo(200);
            JsonNode e = JSON.readTree(r.body().string());
            if (!Set.of("COMPLETED", "FAILED", "CANCELLED", "EXPIRED")
                .contains(e.get("status").asText())) {
              still.add(id);
            } else {
              assertThat(e.get("status").asText()).isEqualTo("COMPLETED");
            }
          }
        }
        pending = still;
        if (!pending.isEmpty()) {
          Thread.sleep(200); // another process does the work; nothing in-process to wait on
        }
      }
      assertThat(pending).as("executions not finished after restart").isEmpty();

      Process check =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  ServerProcess.jar().toString(),
                  "admin",
                  "ledger-check",
                  "--data-dir",
                  dataDir.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(check.getInputStream().readAllBytes());
      assertThat(check.waitFor()).as(out).isZero();
      assertThat(out).contains("ledger OK");
    }
    assertThat(Files.exists(dataDir.resolve("pg").resolve("PG_VERSION")))
        .as("the embedded database")
        .isTrue();
  }
}
