package io.modelroute.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook methods of {@link ModelRouteClient} against MockWebServer. */
class ModelRouteClientWebhooksTest {
  static final String KEY = "sk_" + "ab".repeat(32) + "_0123abcd";
  static final String ENDPOINT = "wh_5c7c8f2e-6d2a-4c1e-9a4b-0f1e2d3c4b5a";

  final MockWebServer server = new MockWebServer();
  ModelRouteClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client = new ModelRouteClient(server.url("/").toString(), KEY);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void createSendsTheDocumentedBodyAndReturnsTheSecret() throws Exception {
    server.enqueue(json(201, "{\"id\":\"" + ENDPOINT + "\",\"secret\":\"whsec_abc\"}"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Team", "core");

    JsonNode created =
        client.createWebhookEndpoint(
            WebhookEndpointFields.none()
                .withUrl("https://your-app.com/webhooks/modelroute")
                .withDescription("Production webhook")
                .withEvents(List.of("execution.completed", "execution.failed"))
                .withHeaders(headers)
                .withActive(true));

    assertThat(created.get("secret").asText()).isEqualTo("whsec_abc");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestLine()).isEqualTo("POST /v1/webhooks/endpoints HTTP/1.1");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(Json.readTree(request.getBody().utf8()))
        .isEqualTo(
            Json.readTree(
                "{\"url\":\"https://your-app.com/webhooks/modelroute\",\"description\":\"Production webhook\","
                    + "\"events\":[\"execution.completed\",\"execution.failed\"],\"headers\":{\"X-Team\":\"core\"}}"));
  }

  @Test
  void updateSendsOnlyTheFieldsThatAreSet() throws Exception {
    server.enqueue(json(200, "{}"));
    server.enqueue(json(200, "{}"));

    client.updateWebhookEndpoint(ENDPOINT, WebhookEndpointFields.none().withActive(true));
    client.updateWebhookEndpoint(
        ENDPOINT, WebhookEndpointFields.none().withEvents(List.of()).withDescription(""));

    RecordedRequest first = server.takeRequest();
    assertThat(first.getRequestLine())
        .isEqualTo("PATCH /v1/webhooks/endpoints/" + ENDPOINT + " HTTP/1.1");
    assertThat(Json.readTree(first.getBody().utf8()))
        .isEqualTo(Json.readTree("{\"is_active\":true}"));
    assertThat(Json.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(Json.readTree("{\"description\":\"\",\"events\":[]}"));
  }

  @Test
  void readsAndActionsUseTheirDocumentedRoutes() throws Exception {
    for (int i = 0; i < 8; i++) {
      server.enqueue(json(200, "{}"));
    }

    client.listWebhookEndpoints();
    client.getWebhookEndpoint(ENDPOINT);
    client.deleteWebhookEndpoint(ENDPOINT);
    client.sendTestWebhook(ENDPOINT);
    client.listWebhookDeliveries(ENDPOINT, 5, "dlv_9");
    client.getWebhookDelivery(ENDPOINT, "dlv_1");
    client.retryWebhookDelivery(ENDPOINT, "dlv_1");
    client.getWebhookSigningSecret();

    String base = "/v1/webhooks/endpoints/" + ENDPOINT;
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/webhooks/endpoints HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine()).isEqualTo("GET " + base + " HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine()).isEqualTo("DELETE " + base + " HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine()).isEqualTo("POST " + base + "/test HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET " + base + "/deliveries?limit=5&starting_after=dlv_9 HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET " + base + "/deliveries/dlv_1 HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("POST " + base + "/deliveries/dlv_1/retry HTTP/1.1");
    assertThat(server.takeRequest().getRequestLine())
        .isEqualTo("GET /v1/webhooks/signing-secret HTTP/1.1");
  }

  @Test
  void aForbiddenKeyBecomesAnApiExceptionWithTheCode() {
    server.enqueue(
        json(
            403,
            "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"This API key has EXECUTION_ONLY "
                + "permission\",\"retryable\":false,\"request_id\":\"req_1\"}}"));

    ModelRouteApiException e =
        catchThrowableOfType(ModelRouteApiException.class, () -> client.listWebhookEndpoints());

    assertThat(e.httpStatus()).isEqualTo(403);
    assertThat(e.code()).isEqualTo("FORBIDDEN");
  }
}
