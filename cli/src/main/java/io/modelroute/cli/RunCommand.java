package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionError;
import io.modelroute.api.ExecutionStatus;
import io.modelroute.client.ExecutionRequest;
import io.modelroute.client.ExecutionsApi;
import io.modelroute.client.ModelRouteClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * --wait}, follows it live to a terminal state ({@link ExecutionsApi#run}: the event stream, with
 * polling as the fallback), then prints its result and optionally saves its first output.
 *
 * <p>What stdout gets under {@code --wait}: for a text model, the text itself, streamed chunk by
 * chunk as the provider produces it and ended with a newline; for any other model (or with {@code
 * --json}), the result JSON once it is done. The live status line always goes to stderr.
 */
@Command(
    name = "run",
    description = {
      "Submit an execution. Without --wait, print the 202 response (id, status, hold).",
      "With --wait, follow it live on stderr until it ends. A text model's text is streamed to",
      "stdout as it is generated; other models (or --json) print the result JSON at the end."
    })
final class RunCommand extends ClientCommand {
  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "Model slug, e.g. flux-1.1-pro (see 'modelroute models').")
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
      names = "--json",
      description =
          "With --wait: print the result JSON even for a text model (its text is then not streamed).")
  boolean json;

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
      description =
          "Idempotency-Key header; a repeat with the same key returns the first execution. Default: a new UUID.")
  String idempotencyKey;

  @Option(
      names = "--metadata",
      paramLabel = "KEY=VALUE",
      description = "Metadata stored with the execution; repeat for more.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Option(
      names = "--webhook-url",
      paramLabel = "URL",
      description = "Send this execution's events to URL.")
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
    files.forEach(
        (key, path) -> {
          if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw usageError("input '" + key + "': cannot read file " + path);
          }
        });
    if (timeoutSeconds <= 0) {
      throw usageError("--timeout must be positive");
    }
    if (outputFile != null) {
      checkWritable(outputFile);
    }
  }

  /**
   * Fails with a usage error unless {@code path} can be written, before anything is submitted (and
   * charged): a directory, a missing parent or a read-only place is found now, not after the run.
   * Probes by really opening the file (permission bits alone say nothing to root); a file the probe
   * created is removed again.
   */
  private void checkWritable(Path path) {
    if (Files.isDirectory(path)) {
      throw usageError("-o " + path + " is a directory; give a file name");
    }
    boolean existed = Files.exists(path);
    try (var probe =
        Files.newOutputStream(
            path,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND)) {
      // opened for writing without changing it
    } catch (IOException | RuntimeException e) {
      throw usageError("-o: cannot write " + path + " (" + reason(e) + ")");
    }
    if (!existed) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        throw usageError("-o: cannot write " + path + " (" + reason(e) + ")");
      }
    }
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  @Override
  int execute(ModelRouteClient client) throws InterruptedException {
    for (Map.Entry<String, Path> file : files.entrySet()) {
      JsonNode uploaded = client.uploadFile(file.getValue(), "INPUT", null);
      String fileId = uploaded.path("id").asText();
      err()
          .println(
              "uploaded "
                  + file.getValue()
                  + " as "
                  + fileId
                  + " ("
                  + uploaded.path("content_type").asText()
                  + ", "
                  + uploaded.path("size_bytes").asLong()
                  + " bytes)");
      input.put(file.getKey(), fileId);
    }
    ExecutionRequest request = ExecutionRequest.of(model, input).withMetadata(metadata);
    if (webhookUrl != null) {
      request = request.withWebhookUrl(webhookUrl);
    }
    if (!waitForResult && outputFile == null) {
      JsonNode accepted =
          idempotencyKey == null
              ? client.createExecution(request)
              : client.createExecution(request, idempotencyKey);
      PrettyJson.print(out(), accepted);
      return ExitCodes.OK;
    }
    Execution execution;
    String streamed;
    try (LiveOutput live = new LiveOutput(out(), err(), environment, !json)) {
      Duration timeout = Duration.ofSeconds(timeoutSeconds);
      execution =
          idempotencyKey == null
              ? client.executions().run(request, timeout, live)
              : client.executions().run(request, idempotencyKey, timeout, live);
      streamed = live.streamed();
    }
    return report(client, execution, streamed);
  }

  /** Prints how a terminal execution ended; saves its output when asked. */
  private int report(ModelRouteClient client, Execution execution, String streamed) {
    String id = execution.id();
    if (execution.status() != ExecutionStatus.COMPLETED) {
      ExecutionError error = execution.error();
      if (error != null) {
        err()
            .println(
                "error: "
                    + error.code()
                    + ": "
                    + error.message()
                    + " (execution "
                    + id
                    + " "
                    + execution.status()
                    + ")");
      } else {
        err().println("error: execution " + id + " ended " + execution.status());
      }
      return ExitCodes.EXECUTION_UNSUCCESSFUL;
    }
    JsonNode result = client.getResult(id);
    JsonNode text = result.path("output").path("text");
    if (text.isTextual() && !json) {
      printText(text.asText(), streamed);
    } else {
      PrettyJson.print(out(), result);
    }
    if (outputFile != null) {
      return save(client, result.path("output"));
    }
    return ExitCodes.OK;
  }

  /**
   * Completes the streamed text: prints what the stream did not deliver, then a newline. Chunks
   * lost while the stream reconnected cannot be spliced in, so then the whole text is printed again
   * on a fresh line.
   */
  private void printText(String text, String streamed) {
    if (text.startsWith(streamed)) {
      out().print(text.substring(streamed.length()));
    } else {
      out().println();
      err()
          .println(
              "note: the live text missed chunks while reconnecting; the complete text follows");
      out().print(text);
    }
    out().println();
    out().flush();
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
}
