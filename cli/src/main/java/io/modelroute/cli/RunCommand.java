package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.cli.client.ExecutionRequest;
import io.modelroute.cli.client.ExecutionStatus;
import io.modelroute.cli.client.ModelRouteApiException;
import io.modelroute.cli.client.ModelRouteClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modelroute run MODEL -i k=v … [--wait] [-o FILE]}: submits an execution and, with {@code
 * --wait}, polls it to a terminal state, prints its result and optionally saves its first output.
 */
@Command(
    name = "run",
    description = {
      "Submit an execution. Without --wait, print the 202 response (id, status, hold).",
      "With --wait, follow it on stderr until it ends, then print its result."
    })
final class RunCommand extends ClientCommand {
  static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  @Parameters(index = "0", paramLabel = "MODEL", description = "Model slug, e.g. flux-1.1-pro (see 'modelroute models').")
  String model;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "KEY=VALUE",
      description =
          "An input field; repeat for more. Numbers, true, false and null are sent as JSON values, "
              + "JSON arrays and objects as parsed, k='\"42\"' as the string 42, anything else as a string. "
              + "KEY=@PATH uploads the local file PATH first and sends its file_... reference.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--wait", description = "Wait for the execution to end and print its result.")
  boolean waitForResult;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Save the first output file (or a text model's text) to FILE. Implies --wait.")
  Path outputFile;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "Give up waiting after this many seconds (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "Idempotency-Key header; a repeat with the same key returns the first execution. Default: a new UUID.")
  String idempotencyKey;

  @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata stored with the execution; repeat for more.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Option(names = "--webhook-url", paramLabel = "URL", description = "Send this execution's events to URL.")
  String webhookUrl;

  private ObjectNode input;
  private Map<String, Path> files;

  RunCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  void validate() {
    try {
      InputValues.Parsed parsed = InputValues.parse(inputs);
      input = parsed.input();
      files = parsed.files();
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
    files.forEach((key, path) -> {
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw usageError("input '" + key + "': cannot read file " + path);
      }
    });
    if (timeoutSeconds <= 0) {
      throw usageError("--timeout must be positive");
    }
  }

  @Override
  int execute(ModelRouteClient client) throws InterruptedException {
    for (Map.Entry<String, Path> file : files.entrySet()) {
      JsonNode uploaded = client.uploadFile(file.getValue(), "INPUT", null);
      String fileId = uploaded.path("id").asText();
      err().println("uploaded " + file.getValue() + " as " + fileId + " (" + uploaded.path("content_type").asText()
          + ", " + uploaded.path("size_bytes").asLong() + " bytes)");
      input.put(file.getKey(), fileId);
    }
    ExecutionRequest request = ExecutionRequest.of(model, input).withMetadata(metadata);
    if (webhookUrl != null) {
      request = request.withWebhookUrl(webhookUrl);
    }
    JsonNode accepted =
        idempotencyKey == null
            ? client.createExecution(request)
            : client.createExecution(request, idempotencyKey);
    if (!waitForResult && outputFile == null) {
      PrettyJson.print(out(), accepted);
      return ExitCodes.OK;
    }
    String id = accepted.path("id").asText("");
    if (id.isEmpty()) {
      throw new IllegalStateException("the server's response has no execution id: " + PrettyJson.compact(accepted));
    }
    JsonNode execution = awaitEnd(client, id, accepted);
    if (execution == null) {
      return ExitCodes.UNAVAILABLE;
    }
    return report(client, id, execution);
  }

  /** Polls until the execution is terminal; {@code null} when {@code --timeout} ran out first. */
  private JsonNode awaitEnd(ModelRouteClient client, String id, JsonNode accepted)
      throws InterruptedException {
    Instant start = environment.clock().instant();
    Instant deadline = start.plusSeconds(timeoutSeconds);
    Progress progress = new Progress(err(), environment.interactive());
    JsonNode execution = accepted;
    while (true) {
      String status = execution.path("status").asText("UNKNOWN");
      Instant now = environment.clock().instant();
      progress.show(id, status, Duration.between(start, now).toSeconds());
      if (ExecutionStatus.parse(status).map(ExecutionStatus::isTerminal).orElse(false)) {
        progress.end();
        return execution;
      }
      Duration remaining = Duration.between(now, deadline);
      if (remaining.isNegative() || remaining.isZero()) {
        progress.end();
        err().println(
            "error: gave up after " + timeoutSeconds + "s: " + id + " is still " + status
                + "; check it later with 'modelroute get " + id + "'");
        return null;
      }
      environment.sleeper().sleep(min(POLL_INTERVAL, remaining));
      try {
        execution = client.getExecution(id);
      } catch (ModelRouteApiException e) {
        if (e.errorCode().orElse(null) != ErrorCode.RATE_LIMITED && e.httpStatus() != 429) {
          progress.end();
          throw e;
        }
        Duration wait = e.retryAfter().orElse(DEFAULT_RETRY_AFTER);
        Duration left = Duration.between(environment.clock().instant(), deadline);
        environment.sleeper().sleep(left.isNegative() ? Duration.ZERO : min(wait, left));
      }
    }
  }

  /** Prints how a terminal execution ended; saves its output when asked. */
  private int report(ModelRouteClient client, String id, JsonNode execution) {
    String status = execution.path("status").asText();
    if (!ExecutionStatus.COMPLETED.name().equals(status)) {
      JsonNode error = execution.path("error");
      if (error.path("code").isTextual()) {
        err().println(
            "error: " + error.path("code").asText() + ": " + error.path("message").asText("")
                + " (execution " + id + " " + status + ")");
      } else {
        err().println("error: execution " + id + " ended " + status);
      }
      return ExitCodes.EXECUTION_UNSUCCESSFUL;
    }
    JsonNode result = client.getResult(id);
    PrettyJson.print(out(), result);
    if (outputFile != null) {
      return save(client, result.path("output"));
    }
    return ExitCodes.OK;
  }

  private int save(ModelRouteClient client, JsonNode output) {
    long bytes;
    Optional<String> fileId = firstFileId(output);
    if (fileId.isPresent()) {
      bytes = client.downloadFile(fileId.get(), outputFile);
    } else if (output.path("text").isTextual()) {
      byte[] text = output.path("text").asText().getBytes(StandardCharsets.UTF_8);
      try {
        Files.write(outputFile, text);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + outputFile + ": " + e.getMessage(), e);
      }
      bytes = text.length;
    } else {
      err().println("error: the result has no output file or text to save to " + outputFile);
      return ExitCodes.INTERNAL;
    }
    err().println("saved " + outputFile + " (" + bytes + " bytes)");
    return ExitCodes.OK;
  }

  /** The first file of a canonical output: {@code images}, {@code videos} or {@code audio}. */
  static Optional<String> firstFileId(JsonNode output) {
    for (String kind : List.of("images", "videos", "audio")) {
      JsonNode fileId = output.path(kind).path(0).path("file_id");
      if (fileId.isTextual()) {
        return Optional.of(fileId.asText());
      }
    }
    return Optional.empty();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
