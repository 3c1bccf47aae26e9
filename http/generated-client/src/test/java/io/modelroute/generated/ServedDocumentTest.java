package io.modelroute.generated;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client of this module is generated from what the server really serves. */
class ServedDocumentTest {
  static LiveServer live;

  @BeforeAll
  static void start() {
    live = LiveServer.start("1.00");
  }

  @AfterAll
  static void stop() {
    live.close();
  }

  @Test
  void theServedOpenApiJsonIsTheDocumentTheClientWasGeneratedFrom() throws Exception {
    Path document = Path.of(System.getProperty("openapi.document"));
    JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(document));
    HttpResponse<String> served = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(live.baseUrl + "/openapi.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode json = new ObjectMapper().readTree(served.body());
    assertThat(json.path("openapi").asText()).startsWith("3.1");
    assertThat(json).isEqualTo(file);
  }
}
