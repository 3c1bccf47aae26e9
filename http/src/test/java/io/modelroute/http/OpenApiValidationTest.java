package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The response check itself: it passes what the document allows and names what it does not. */
class OpenApiValidationTest {
  private static final String BALANCE =
      "{\"balance\":\"25.000\",\"held\":\"0.048\",\"available\":\"24.952\",\"currency\":\"USD\"}";

  private static Function<String, String> headers(String... pairs) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    m.put("Content-Type", "application/json");
    m.put("X-Request-Id", "req_8c1f0a2b");
    m.put("X-RateLimit-Limit", "60");
    m.put("X-RateLimit-Remaining", "119");
    m.put("X-RateLimit-Reset", "1774006200");
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        m.remove(pairs[i]);
      } else {
        m.put(pairs[i], pairs[i + 1]);
      }
    }
    return m::get;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aDocumentedResponsePasses() {
    assertThat(OpenApiValidation.get().check("GET", "/v1/balance", 200, headers(), bytes(BALANCE)))
        .isEmpty();
  }

  @Test
  void aWrongValueIsReportedWithItsOperationStatusAndPointer() {
    var problems =
        OpenApiValidation.get()
            .check(
                "GET",
                "/v1/balance",
                200,
                headers(),
                bytes(BALANCE.replace("\"24.952\"", "24.952")));
    assertThat(problems).isNotEmpty();
    assertThat(problems.get(0)).contains("getBalance 200").contains("/available");
  }

  @Test
  void anUndocumentedFieldIsAMismatch() {
    var problems =
        OpenApiValidation.get()
            .check(
                "GET",
                "/v1/balance",
                200,
                headers(),
                bytes(BALANCE.replace("}", ",\"overdraft\":\"0.000\"}")));
    assertThat(problems).isNotEmpty();
    assertThat(problems.get(0)).contains("overdraft");
  }

  @Test
  void anUndeclaredStatusAMissingRequiredHeaderAndAnUnknownRouteAreMismatches() {
    assertThat(OpenApiValidation.get().check("GET", "/v1/balance", 418, headers(), bytes(BALANCE)))
        .singleElement()
        .asString()
        .contains("status 418 is not declared");
    assertThat(
            OpenApiValidation.get()
                .check("GET", "/v1/balance", 200, headers("X-Request-Id", null), bytes(BALANCE)))
        .singleElement()
        .asString()
        .contains("X-Request-Id");
    assertThat(
            OpenApiValidation.get().check("GET", "/v1/nothing-here", 200, headers(), bytes("{}")))
        .singleElement()
        .asString()
        .contains("no documented operation");
  }

  @Test
  void aContentTypeTheOperationDoesNotDeclareIsAMismatch() {
    assertThat(
            OpenApiValidation.get()
                .check("GET", "/v1/balance", 200, headers("Content-Type", "text/html"), null))
        .singleElement()
        .asString()
        .contains("text/html");
  }

  @Test
  void theSignedUploadPathIsMatchedThroughItsPathLevelServer() {
    assertThat(OpenApiSpec.get().match("PUT", "/v1/files/upload/file_x.1.key_y.sig"))
        .hasValueSatisfying(o -> assertThat(o.id()).isEqualTo("uploadFileBytes"));
    assertThat(OpenApiSpec.get().match("POST", "/v1/files/upload"))
        .hasValueSatisfying(o -> assertThat(o.id()).isEqualTo("requestUpload"));
    assertThat(OpenApiSpec.get().match("GET", "/v1/files/file_x/download"))
        .hasValueSatisfying(o -> assertThat(o.id()).isEqualTo("downloadFile"));
  }
}
