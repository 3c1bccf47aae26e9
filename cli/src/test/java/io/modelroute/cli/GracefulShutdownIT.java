package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: the server stops accepting, lets the in-flight request finish, then exits. */
class GracefulShutdownIT {
  @Test
  void aParkedSyncRequestStillGetsItsAnswerWhenTheServerIsTerminated(@TempDir Path dataDir)
      throws Exception {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .readTimeout(Duration.ofSeconds(60))
            .callTimeout(Duration.ofSeconds(60))
            .build();
    ServerProcess server = ServerProcess.start(dataDir, ServerProcess.freePort());
    CompletableFuture<String> answer = new CompletableFuture<>();
    http.newCall(
            new Request.Builder()
                .url(server.url() + "/v1/executions")
                .header("Authorization", "Bearer " + server.devKey())
                .header("Prefer", "wait=30")
                .post(
                    RequestBody.create(
                        "{\"model\":\"seedance-video\",\"input\":{\"prompt\":\"slow\",\"duration\":1}}",
                        MediaType.get("application/json")))
                .build())
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, java.io.IOException e) {
                answer.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) throws java.io.IOException {
                try (response) {
                  answer.complete(response.code() + " " + response.body().string());
                }
              }
            });
    server.awaitMetric(
        "modelroute_waiting_requests", 1, Duration.ofSeconds(30)); // parked, not merely sent
    server.process.destroy(); // SIGTERM
    String reply = answer.get(30, TimeUnit.SECONDS);
    assertThat(reply).startsWith("200 ");
    assertThat(new ObjectMapper().readTree(reply.substring(4)).get("status").asText())
        .isEqualTo("COMPLETED");
    assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
