package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.SettableClock;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/v1/nodes}: what every node sharing the database is doing. */
class ClusterAdminApiTest {
  static final String TOKEN = "admin-token-123456";

  static ModelRoute node(String url, String name, SettableClock clock) throws Exception {
    return ModelRoute.start(
        TestEngine.clusterNode(url, name, 2)
            .dbPoolSize(4)
            .clock(clock)
            .startWorkers(false)
            .build());
  }

  @Test
  void theAdminRouteListsEveryNodeLiveOrStaleWithItsHeartbeatAndLeases() throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    SettableClock clock = SettableClock.atNow();
    OkHttpClient http = TestHttp.builder().build();
    try (ModelRoute a = node(url, "node-a", clock);
        ModelRoute b = node(url, "node-b", clock);
        ModelRouteServer server =
            new ModelRouteServer(a, ServerConfig.defaults(0).withAdminToken(TOKEN)).start()) {
      a.cluster().register();
      b.cluster().register();
      clock.advance(Duration.ofSeconds(20));
      a.cluster().heartbeat();
      String base = "http://localhost:" + server.port();
      try (Response r =
          http.newCall(new Request.Builder().url(base + "/admin/v1/nodes").build()).execute()) {
        assertThat(r.code()).isEqualTo(401);
      }
      try (Response r =
          http.newCall(
                  new Request.Builder()
                      .url(base + "/admin/v1/nodes")
                      .header("Authorization", "Bearer " + TOKEN)
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(200);
        JsonNode body = Json.readTree(r.body().string());
        assertThat(body.get("shared_limits").asBoolean()).isTrue();
        assertThat(body.get("stale_after_seconds").asInt()).isEqualTo(15);
        JsonNode nodes = body.get("data");
        assertThat(nodes).hasSize(2);
        assertThat(nodes.get(0).get("node_id").asText()).isEqualTo("node-a");
        assertThat(nodes.get(0).get("state").asText()).isEqualTo("LIVE");
        assertThat(nodes.get(1).get("state").asText()).isEqualTo("STALE");
        assertThat(nodes.get(1).get("stopped_at").isNull()).isTrue();
        assertThat(nodes.get(0).get("leased_executions").asInt()).isZero();
        assertThat(nodes.get(0).get("worker_threads").asInt())
            .as("serves HTTP, runs no workers")
            .isZero();
        assertThat(nodes.get(0).fieldNames())
            .toIterable()
            .containsExactly(
                "node_id",
                "state",
                "started_at",
                "last_heartbeat",
                "stopped_at",
                "version",
                "host",
                "pid",
                "worker_threads",
                "leased_executions");
      }
    }
  }
}
