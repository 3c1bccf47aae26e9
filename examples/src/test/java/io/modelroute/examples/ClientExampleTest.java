package io.modelroute.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.api.ExecutionResult;
import io.modelroute.api.ExecutionStatus;
import io.modelroute.client.ExecutionQuery;
import io.modelroute.client.ModelRouteApiException;
import io.modelroute.client.ModelRouteClient;
import io.modelroute.http.ModelRouteServer;
import io.modelroute.http.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClientExample} against a server in-process, set up as {@code modelroute serve --dev} does.
 */
class ClientExampleTest {
  @TempDir static Path dataDir;
  static ModelRoute modelRoute;
  static ModelRouteServer server;
  static String url;
  static String key;

  @BeforeAll
  static void serveDev() {
    modelRoute =
        ModelRoute.start(
            ModelRouteConfig.builder().dataDir(dataDir).allowPrivateWebhooks(true).build());
    server = new ModelRouteServer(modelRoute, ServerConfig.defaults(0)).start();
    url = "http://localhost:" + server.port();
    key = modelRoute.ensureDevOrganization(dataDir.resolve("dev-api-key"));
  }

  @AfterAll
  static void stop() {
    server.stop();
    modelRoute.close();
  }

  @Test
  void mainSubmitsAndWaitsForATextExecution() throws Exception {
    ClientExample.main(new String[] {url, key});

    try (ModelRouteClient client = new ModelRouteClient(url, key)) {
      assertThat(
              client
                  .executions()
                  .list(ExecutionQuery.all().withModel("text-generation-standard"))
                  .data())
          .anySatisfy(e -> assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED));
    }
  }

  @Test
  void theTextIsPrintedOnceAsItStreamsAndStatusGoesToStderr() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    ExecutionResult result =
        ClientExample.run(
            url,
            key,
            "text-generation-standard",
            "a story about a lighthouse",
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String text = result.text().orElseThrow();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(text + System.lineSeparator());
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("submitted exec_")
        .contains("PROCESSING")
        .endsWith("USD" + System.lineSeparator());
  }

  @Test
  void anImageModelPrintsItsOutputFile() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    ExecutionResult result =
        ClientExample.run(
            url,
            key,
            "flux-schnell",
            "a red fox",
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));

    assertThat(result.files()).hasSize(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("images: file_").contains("(png)");
  }

  @Test
  void aRejectedInputIsATypedError() {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

    assertThatThrownBy(() -> ClientExample.run(url, key, "no-such-model", "x", quiet, quiet))
        .isInstanceOfSatisfying(
            ModelRouteApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("INPUT_VALIDATION_ERROR");
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.requestId()).isPresent();
            });
    try (ModelRouteClient client = new ModelRouteClient(url, key)) {
      assertThat(client.models().get("flux-schnell").slug()).isEqualTo("flux-schnell");
    }
  }
}
