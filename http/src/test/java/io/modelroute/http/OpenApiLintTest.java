package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lints the maintained OpenAPI document with Redocly CLI (its recommended ruleset, configured in
 * {@code http/redocly.yaml}): zero errors and zero warnings. Needs {@code npx} (Node.js) on the
 * PATH, which {@code .ci/run} installs; without it the test is skipped, saying so.
 */
class OpenApiLintTest {
  /** The Redocly CLI release the build lints with (.ci/run fetches the same one). */
  static final String REDOCLY = "@redocly/cli@2.77.0";

  static final Path DOCUMENT = Path.of("src/main/resources/io/modelroute/http/openapi.yaml");
  static final Path CONFIG = Path.of("redocly.yaml");

  @Test
  void theDocumentHasNoLintErrorsOrWarnings() throws Exception {
    assumeTrue(
        onPath("npx"),
        "npx (Node.js) is not on the PATH: the OpenAPI lint is skipped (.ci/run installs it)");
    Path report = Files.createTempFile("redocly-lint", ".json");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(
                  "npx",
                  "--yes",
                  REDOCLY,
                  "lint",
                  "--config",
                  CONFIG.toString(),
                  "--format",
                  "json",
                  DOCUMENT.toString())
              .redirectErrorStream(false)
              .redirectOutput(report.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("REDOCLY_TELEMETRY", "off");
      pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
      pb.environment().put("NO_COLOR", "1");
      Process p = pb.start();
      assertThat(p.waitFor(5, TimeUnit.MINUTES))
          .as("redocly lint finished within 5 minutes")
          .isTrue();
      String out = Files.readString(report, StandardCharsets.UTF_8);
      int start = out.indexOf('{');
      assertThat(start)
          .as("redocly printed a JSON report (exit %d): %s", p.exitValue(), out)
          .isGreaterThanOrEqualTo(0);
      JsonNode result = Json.readTree(out.substring(start));
      List<String> problems = new ArrayList<>();
      for (JsonNode problem : result.path("problems")) {
        String where = problem.path("location").path(0).path("pointer").asText();
        problems.add(
            problem.path("severity").asText()
                + " "
                + problem.path("ruleId").asText()
                + " at "
                + where
                + ": "
                + problem.path("message").asText());
      }
      assertThat(problems).as("Redocly lint problems of %s", DOCUMENT).isEmpty();
      assertThat(p.exitValue()).as("redocly exit code").isZero();
    } finally {
      Files.deleteIfExists(report);
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
