package io.modelroute.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.auth.OrganizationService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookReceiverExampleTest {
  @Test
  void theReceiverGetsEveryEventOfAnExecutionVerified(@TempDir Path dir) throws Exception {
    List<JsonNode> events = WebhookReceiverExample.run(dir);

    assertThat(events)
        .extracting(e -> e.get("event_type").asText())
        .containsExactly("execution.started", "execution.completed");
    assertThat(events.get(1).at("/data/status").asText()).isEqualTo("COMPLETED");
    assertThat(events.get(1).at("/data/result/content_type").asText()).isEqualTo("image/png");
  }

  @Test
  void theReceiverAnswers401ToUnsignedAndForgedDeliveries() throws Exception {
    try (WebhookReceiverExample receiver =
        new WebhookReceiverExample(0, OrganizationService.newWebhookSecret())) {
      HttpClient http = HttpClient.newHttpClient();
      String ts = Long.toString(Instant.now().getEpochSecond());
      HttpRequest unsigned =
          HttpRequest.newBuilder(URI.create(receiver.url()))
              .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"evt_1\"}"))
              .build();
      HttpRequest forged =
          HttpRequest.newBuilder(URI.create(receiver.url()))
              .header("X-Signature-Timestamp", ts)
              .header("X-Signature", "0".repeat(64))
              .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"evt_1\"}"))
              .build();

      assertThat(http.send(unsigned, HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(401);
      assertThat(http.send(forged, HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(401);
      assertThat(receiver.events()).isEmpty();
    }
  }
}
