package io.modelroute.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.api.Balance;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ModelRouteClient.builder().httpClient(okHttp)}: the caller's OkHttp client carries the
 * calls and stays the caller's.
 */
class CallerHttpClientTest {
  final MockWebServer server = new MockWebServer();
  final List<String> seen = new CopyOnWriteArrayList<>();
  OkHttpClient okHttp;

  @BeforeEach
  void start() throws Exception {
    server.start();
    okHttp =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  seen.add(chain.request().method() + " " + chain.request().url().encodedPath());
                  return chain.proceed(
                      chain.request().newBuilder().header("X-Caller", "mine").build());
                })
            .build();
  }

  @AfterEach
  void stop() {
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    server.close();
  }

  @Test
  void requestsGoThroughTheCallersInterceptors() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"balance\":\"25.000\",\"held\":\"0.048\",\"available\":\"24.952\",\"currency\":\"USD\"}")
            .build());
    try (ModelRouteClient client =
        ModelRouteClient.builder(server.url("/").toString(), ModelRouteClientTest.KEY)
            .httpClient(okHttp)
            .build()) {
      Balance balance = client.billing().balance();

      assertThat(balance.available()).isEqualTo(new BigDecimal("24.952"));
    }
    assertThat(seen).containsExactly("GET /v1/balance");
    assertThat(server.takeRequest().getHeaders().get("X-Caller")).isEqualTo("mine");
  }

  @Test
  void closingTheClientLeavesTheCallersPoolAndThreadsRunning() throws Exception {
    ModelRouteClient client =
        ModelRouteClient.builder(server.url("/").toString(), ModelRouteClientTest.KEY)
            .httpClient(okHttp)
            .build();
    client.close();

    assertThat(okHttp.dispatcher().executorService().isShutdown()).isFalse();
  }

  @Test
  void theCallersTimeoutsAreKeptUnlessTheBuilderSetsItsOwn() {
    OkHttpClient slow = okHttp.newBuilder().readTimeout(java.time.Duration.ofSeconds(90)).build();
    try (ModelRouteClient client =
        ModelRouteClient.builder(server.url("/").toString(), ModelRouteClientTest.KEY)
            .httpClient(slow)
            .build()) {
      assertThat(client.httpClient().readTimeoutMillis()).isEqualTo(90_000);
    }
    try (ModelRouteClient client =
        ModelRouteClient.builder(server.url("/").toString(), ModelRouteClientTest.KEY)
            .httpClient(slow)
            .readTimeout(java.time.Duration.ofSeconds(5))
            .build()) {
      assertThat(client.httpClient().readTimeoutMillis()).isEqualTo(5_000);
    }
  }
}
