package io.modelroute.generated.gson;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.generated.LiveServer;
import io.modelroute.generated.gson.api.WebhooksApi;
import io.modelroute.generated.gson.model.CreateWebhookEndpointRequest;
import io.modelroute.generated.gson.model.DeliveryStatus;
import io.modelroute.generated.gson.model.WebhookDelivery;
import io.modelroute.generated.gson.model.WebhookEndpoint;
import io.modelroute.generated.gson.model.WebhookEndpointCreated;
import io.modelroute.generated.gson.model.WebhookEventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook endpoints: create, list, get, send a test event and read the delivery log, through the
 * okhttp-gson client.
 */
class GsonWebhookEndpointsTest {
  static LiveServer live;
  static WebhooksApi webhooks;

  @BeforeAll
  static void start() {
    live = LiveServer.start("5.00");
    webhooks = new WebhooksApi(GsonClients.client(live, live.key));
  }

  @Test
  void anEndpointIsCreatedWithItsSecretOnceListedAndSentATestEventThatShowsInItsDeliveryLog()
      throws Exception {
    ApiResponse<WebhookEndpointCreated> created =
        webhooks.createWebhookEndpointWithHttpInfo(
            new CreateWebhookEndpointRequest()
                .url("http://127.0.0.1:9/webhooks/modelroute")
                .description("orders")
                .events(
                    List.of(
                        WebhookEventType.EXECUTION_COMPLETED, WebhookEventType.EXECUTION_FAILED))
                .headers(Map.of("X-Team", "core")));
    assertThat(created.getStatusCode()).isEqualTo(201);
    WebhookEndpointCreated endpoint = created.getData();
    assertThat(endpoint.getId()).startsWith("wh_");
    assertThat(endpoint.getSecret()).isNotBlank();
    assertThat(endpoint.getEvents())
        .containsExactly(WebhookEventType.EXECUTION_COMPLETED, WebhookEventType.EXECUTION_FAILED);
    assertThat(endpoint.getHeaders()).containsEntry("X-Team", "core");
    assertThat(endpoint.getIsActive()).isTrue();

    assertThat(webhooks.listWebhookEndpoints().getEndpoints())
        .extracting(WebhookEndpoint::getId)
        .containsExactly(endpoint.getId());
    WebhookEndpoint read = webhooks.getWebhookEndpoint(endpoint.getId());
    assertThat(read.getUrl()).isEqualTo("http://127.0.0.1:9/webhooks/modelroute");
    assertThat(read.getDescription()).isEqualTo("orders");

    ApiResponse<WebhookDelivery> test = webhooks.sendWebhookTestWithHttpInfo(endpoint.getId());
    assertThat(test.getStatusCode()).isEqualTo(202);
    WebhookDelivery queued = test.getData();
    assertThat(queued.getEndpointId()).isEqualTo(endpoint.getId());
    assertThat(queued.getEventType()).hasToString("webhook.test");
    assertThat(queued.getStatus()).isEqualTo(DeliveryStatus.PENDING);

    assertThat(webhooks.listWebhookDeliveries(endpoint.getId(), 10, null).getData())
        .extracting(WebhookDelivery::getId)
        .containsExactly(queued.getId());
    assertThat(webhooks.getWebhookDelivery(endpoint.getId(), queued.getId()).getEventId())
        .isEqualTo(queued.getEventId());
  }
}
