package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.client.ModelRouteClient;
import io.modelroute.http.ModelRouteServer;
import io.modelroute.http.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --wait} against a real server with its workers running, as a user would try it. */
class RunWaitAgainstServerTest {
  @TempDir static Path dataDir;
  static ModelRoute modelRoute;
  static ModelRouteServer server;
  static String key;

  @BeforeAll
  static void start() {
    modelRoute = ModelRoute.start(ModelRouteConfig.builder().dataDir(dataDir).build());
    server = new ModelRouteServer(modelRoute, ServerConfig.defaults(0)).start();
    key = modelRoute.organizations().create("cli-run", Money.parse("5.00")).key().secret();
  }

  @AfterAll
  static void stop() {
    server.stop();
    modelRoute.close();
  }

  @Test
  void aTextModelsTextIsStreamedToStdoutOnceAndTheStatusGoesToStderr() {
    Cli cli = Cli.against("http://localhost:" + server.port());
    cli.env.put("MODELROUTE_API_KEY", key);

    Cli.Result result =
        cli.run(
            "run", "text-generation-standard", "-i", "prompt=a story about a lighthouse", "--wait");

    assertThat(result.exitCode()).as(result.err()).isZero();
    String id = result.err().lines().findFirst().orElseThrow().split(" ")[0];
    assertThat(result.err())
        .containsSubsequence(id + "  PENDING", id + "  PROCESSING", id + "  COMPLETED");
    try (ModelRouteClient client = new ModelRouteClient("http://localhost:" + server.port(), key)) {
      String text = client.executions().result(id).text().orElseThrow();
      assertThat(text).isNotBlank();
      assertThat(result.out()).isEqualTo(text + "\n");
    }
  }

  @Test
  void anImageModelPrintsTheResultJsonAndSavesTheFile(@TempDir Path dir) {
    Cli cli = Cli.against("http://localhost:" + server.port());
    cli.env.put("MODELROUTE_API_KEY", key);
    Path out = dir.resolve("fox.png");

    Cli.Result result =
        cli.run("run", "flux-schnell", "-i", "prompt=a red fox", "--wait", "-o", out.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("\"status\": \"COMPLETED\"").contains("\"images\"");
    assertThat(out).exists();
    assertThat(result.err()).contains("saved " + out);
  }
}
