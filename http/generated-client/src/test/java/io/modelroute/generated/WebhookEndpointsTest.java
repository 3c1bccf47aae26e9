package io.modelroute.generated;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.generated.api.WebhooksApi;
import io.modelroute.generated.model.CreateWebhookEndpointRequest;
import io.modelroute.generated.model.DeliveryStatus;
import io.modelroute.generated.model.WebhookDelivery;
import io.modelroute.generated.model.WebhookEndpoint;
import io.modelroute.generated.model.WebhookEndpointCreated;
import io.modelroute.generated.model.WebhookEventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook endpoints: create, list, get, send a test event and read the delivery log, through the
 * generated client.
 */
class WebhookEndpointsTest {
  static LiveServer live;
  static WebhooksApi webhooks;

  @BeforeAll
  static void start() {
    live = LiveServer.start("5.00");
    webhooks = new WebhooksApi(live.client());
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

    assertThat(
            webhooks
                .listWebhookDeliveries(
                    WebhooksApi.APIListWebhookDeliveriesRequest.newBuilder()
                        .id(endpoint.getId())
                        .limit(10)
                        .build())
                .getData())
        .extracting(WebhookDelivery::getId)
        .containsExactly(queued.getId());
    assertThat(webhooks.getWebhookDelivery(endpoint.getId(), queued.getId()).getEventId())
        .isEqualTo(queued.getEventId());
  }
}
