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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client of this module is generated from what the server really serves. */
class ServedDocumentTest {
  static LiveServer live;

  @BeforeAll
  static void start() {
    live = LiveServer.start("1.00");
  }

  @Test
  void theServedOpenApiJsonIsTheDocumentTheClientWasGeneratedFrom() throws Exception {
    Path document = Path.of(System.getProperty("openapi.document"));
    JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(document));
    HttpResponse<String> served =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(live.baseUrl + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode json = new ObjectMapper().readTree(served.body());
    assertThat(json.path("openapi").asText()).startsWith("3.1");
    assertThat(differences(file, json, ""))
        .as("where the served document differs from " + document)
        .isEmpty();
  }

  /** JSON pointers where {@code a} and {@code b} differ, at most 20. */
  static List<String> differences(JsonNode a, JsonNode b, String at) {
    List<String> out = new ArrayList<>();
    if (a.isObject() && b.isObject()) {
      Set<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String here = at + "/" + name.replace("~", "~0").replace("/", "~1");
        if (!a.has(name) || !b.has(name)) {
          out.add(here + (a.has(name) ? " only in the file" : " only in the served document"));
        } else {
          out.addAll(differences(a.get(name), b.get(name), here));
        }
        if (out.size() >= 20) {
          return out.subList(0, 20);
        }
      }
    } else if (!a.equals(b)) {
      out.add(at + ": " + abbreviate(a) + " vs " + abbreviate(b));
    }
    return out;
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
