package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelroute.Json;
import io.modelroute.TestEngine;
import io.modelroute.db.internal.Dialect;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * /openapi.json and /openapi.yaml serve the maintained document, which is valid OpenAPI 3.1,
 * carries the build's version and documents exactly the routes the server has.
 */
class OpenApiTest {
  @Test
  void theDocumentIsValidOpenApi31AndMatchesTheRouterBothWays() throws Exception {
    try (TestEngine engine = TestEngine.withDefaultCatalog(Dialect.H2);
        ModelRouteServer server =
            new ModelRouteServer(
                    engine.modelRoute,
                    ServerConfig.defaults(0).withAdminToken("admin-token-123456"))
                .start()) {
      OkHttpClient http = TestHttp.client();
      String base = "http://localhost:" + server.port();
      String json = get(http, base + "/openapi.json", "application/json");
      String yaml = get(http, base + "/openapi.yaml", "application/yaml");
      assertThat(new ObjectMapper(new YAMLFactory()).readTree(yaml)).isEqualTo(Json.readTree(json));

      ParseOptions options = new ParseOptions();
      options.setResolve(true);
      var parsed = new OpenAPIV3Parser().readContents(json, null, options);
      assertThat(parsed.getMessages()).isEmpty();
      assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");

      Set<String> documented = new TreeSet<>();
      OpenApiSpec.get().operations().forEach(o -> documented.add(o.method() + " " + o.template()));
      Set<String> routed = new TreeSet<>(server.routes());
      assertThat(documented).as("documented but not routed").isSubsetOf(routed);
      assertThat(routed).as("routed but not documented").isSubsetOf(documented);
    }
  }

  @Test
  void theDocumentsVersionIsFilledInByTheBuild() {
    String version = OpenApiSpec.get().document().path("info").path("version").asText();
    assertThat(version).doesNotContain("${").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  private static String get(OkHttpClient http, String url, String type) throws Exception {
    try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith(type);
      return r.body().string();
    }
  }
}
