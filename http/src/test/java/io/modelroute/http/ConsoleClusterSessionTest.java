package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ModelRoute;
import io.modelroute.Money;
import io.modelroute.SettableClock;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Console sessions live in the database: a browser signed in through one node is signed in on every
 * node sharing the database, a node started later (a restart) knows it too, and signing out on any
 * node ends it everywhere.
 */
class ConsoleClusterSessionTest {
  static final MediaType JSON = MediaType.get("application/json");

  static ModelRoute node(String url, String name, SettableClock clock) throws IOException {
    return ModelRoute.start(
        TestEngine.clusterNode(url, name, 2)
            .dbPoolSize(4)
            .clock(clock)
            .startWorkers(false)
            .build());
  }

  static int status(OkHttpClient http, Request.Builder request) throws IOException {
    try (Response r = http.newCall(request.build()).execute()) {
      return r.code();
    }
  }

  @Test
  void aSessionOpenedOnOneNodeWorksOnEveryNodeAndSigningOutAnywhereEndsIt() throws Exception {
    String url = TestDatabases.jdbcUrl(Dialect.POSTGRESQL);
    SettableClock clock = SettableClock.atNow();
    OkHttpClient console = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    OkHttpClient api = TestHttp.client();
    try (ModelRoute a = node(url, "node-a", clock);
        ModelRoute b = node(url, "node-b", clock);
        ModelRouteServer serverA = new ModelRouteServer(a, ServerConfig.defaults(0)).start();
        ModelRouteServer serverB = new ModelRouteServer(b, ServerConfig.defaults(0)).start()) {
      String key = a.organizations().create("clustered", Money.parse("5.00")).key().secret();
      String baseA = "http://localhost:" + serverA.port();
      String baseB = "http://localhost:" + serverB.port();
      String cookie;
      String csrf;
      try (Response r =
          console
              .newCall(
                  new Request.Builder()
                      .url(baseA + "/console/session")
                      .post(RequestBody.create("{\"credential\":\"" + key + "\"}", JSON))
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(201);
        String setCookie = r.header("Set-Cookie");
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        csrf = io.modelroute.Json.readTree(r.body().string()).get("csrf_token").asText();
      }

      assertThat(
              status(
                  api,
                  new Request.Builder().url(baseB + "/v1/executions").header("Cookie", cookie)))
          .as("the other node knows the session")
          .isEqualTo(200);
      try (ModelRoute c = node(url, "node-c", clock);
          ModelRouteServer serverC = new ModelRouteServer(c, ServerConfig.defaults(0)).start()) {
        assertThat(
                status(
                    api,
                    new Request.Builder()
                        .url("http://localhost:" + serverC.port() + "/v1/executions")
                        .header("Cookie", cookie)))
            .as("a node started later knows it too")
            .isEqualTo(200);
      }

      assertThat(
              status(
                  console,
                  new Request.Builder()
                      .url(baseB + "/console/session")
                      .header("Cookie", cookie)
                      .header("X-CSRF-Token", csrf)
                      .delete()))
          .isEqualTo(204);
      assertThat(
              status(
                  api,
                  new Request.Builder().url(baseA + "/v1/executions").header("Cookie", cookie)))
          .as("signed out on node B, so out on node A")
          .isEqualTo(401);
    }
  }
}
