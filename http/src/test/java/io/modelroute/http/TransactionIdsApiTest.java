package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code txn_} ids: not sequential, not shared between organizations, still a working cursor. */
class TransactionIdsApiTest {
  private static final OkHttpClient HTTP =
      TestHttp.builder().callTimeout(Duration.ofSeconds(30)).build();

  record Reply(int status, JsonNode body) {}

  private static Reply get(ModelRouteServer server, String path, String key) throws IOException {
    try (Response r =
        HTTP.newCall(
                new Request.Builder()
                    .url("http://localhost:" + server.port() + path)
                    .header("Authorization", "Bearer " + key)
                    .build())
            .execute()) {
      return new Reply(r.code(), Json.readTree(r.body().string()));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void transactionIdsAreNotOrderedOrAdjacentPaginateAndAreUnknownToAnotherOrganization(
      Dialect dialect) throws Exception {
    try (TestEngine engine = TestEngine.withDefaultCatalog(dialect)) {
      ModelRouteServer server =
          new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0)).start();
      try {
        var acme = engine.modelRoute.organizations().create("acme", Money.parse("1.00"));
        var other = engine.modelRoute.organizations().create("other", Money.parse("1.00"));
        for (int i = 0; i < 6; i++) {
          engine
              .modelRoute
              .billing()
              .credit(acme.organization().id(), Money.parse("1.00"), "top-up " + i);
        }
        String key = acme.key().secret();

        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
          Reply page =
              get(
                  server,
                  "/v1/balance/transactions?limit=3"
                      + (cursor == null ? "" : "&starting_after=" + cursor),
                  key);
          assertThat(page.status()).as(String.valueOf(page.body())).isEqualTo(200);
          page.body().get("data").forEach(e -> ids.add(e.get("id").asText()));
          cursor =
              page.body().get("next_cursor").isNull()
                  ? null
                  : page.body().get("next_cursor").asText();
        } while (cursor != null);

        assertThat(ids)
            .hasSize(7)
            .doesNotHaveDuplicates()
            .allMatch(id -> id.matches("txn_[0-9a-f]{32}"));
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertThat(ids).as("not ordered").isNotEqualTo(sorted);
        assertThat(ids).as("no numeric row ids").noneMatch(id -> id.substring(4).matches("\\d+"));

        Reply otherPage =
            get(
                server,
                "/v1/balance/transactions?starting_after=" + ids.get(0),
                other.key().secret());
        assertThat(otherPage.status()).isEqualTo(400);
        assertThat(otherPage.body().at("/error/code").asText()).isEqualTo("INPUT_VALIDATION_ERROR");
        assertThat(otherPage.body().at("/error/details/0/field").asText())
            .isEqualTo("starting_after");
        char last = ids.get(1).charAt(ids.get(1).length() - 1);
        String forged =
            ids.get(1).substring(0, ids.get(1).length() - 1) + (last == '0' ? '1' : '0');
        for (String bad : List.of(forged, "txn_1", "txn_" + "z".repeat(32), "42")) {
          Reply r = get(server, "/v1/balance/transactions?starting_after=" + bad, key);
          assertThat(r.status()).as(bad).isEqualTo(400);
          assertThat(r.body().at("/error/code").asText()).isEqualTo("INPUT_VALIDATION_ERROR");
        }
      } finally {
        server.stop();
      }
    }
  }
}
