package io.modelroute.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.api.FileInfo;
import io.modelroute.api.FilePurpose;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A newer server may add fields and enum values; this client still reads its answers. */
class NewerServerTest {
  final MockWebServer server = new MockWebServer();
  ModelRouteClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client =
        ModelRouteClient.builder(server.url("/").toString(), ModelRouteClientTest.KEY)
            .retryPolicy(RetryPolicy.none())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void unknownFieldsAreIgnoredAndUnknownEnumValuesReadAsNull() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"id\":\"file_1\",\"status\":\"ARCHIVED\",\"purpose\":\"INPUT\",\"content_type\":\"image/png\","
                    + "\"size_bytes\":119,\"sha256\":\"ab\",\"created_at\":\"2026-03-20T10:30:00Z\",\"expires_at\":null,"
                    + "\"storage_class\":\"cold\"}")
            .build());

    FileInfo file = client.files().get("file_1");

    assertThat(file.status()).isNull();
    assertThat(file.purpose()).isEqualTo(FilePurpose.INPUT);
    assertThat(file.sizeBytes()).isEqualTo(119L);
  }
}
