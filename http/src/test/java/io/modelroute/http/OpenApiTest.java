package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.db.Dialect;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** /openapi.json is valid OpenAPI 3.1 and documents exactly the routes the server has. */
class OpenApiTest {
  @Test
  void theDocumentIsValidOpenApi31AndMatchesTheRouterBothWays() throws Exception {
    try (TestEngine engine = TestEngine.withDefaultCatalog(Dialect.H2);
        ModelRouteServer server = new ModelRouteServer(engine.modelRoute,
            ServerConfig.defaults(0).withAdminToken("admin-token-123456")).start()) {
      String text;
      try (Response r = new OkHttpClient().newCall(new Request.Builder()
          .url("http://localhost:" + server.port() + "/openapi.json").build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        text = r.body().string();
      }
      ParseOptions options = new ParseOptions();
      options.setResolve(true);
      var parsed = new OpenAPIV3Parser().readContents(text, null, options);
      assertThat(parsed.getMessages()).isEmpty();
      assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");

      Set<String> documented = new TreeSet<>();
      JsonNode paths = Json.readTree(text).get("paths");
      paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames()
          .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
      Set<String> routed = new TreeSet<>(server.routes());
      assertThat(documented).as("documented but not routed").isSubsetOf(routed);
      assertThat(routed).as("routed but not documented").isSubsetOf(documented);
    }
  }
}
