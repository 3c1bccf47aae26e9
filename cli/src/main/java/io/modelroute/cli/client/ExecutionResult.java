package io.modelroute.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /v1/executions/{id}/result}: the canonical output of a COMPLETED execution, its cost
 * and latency. {@code output} is {@code {"images": [...]}}, {@code {"videos": [...]}}, {@code
 * {"audio": [...]}} or {@code {"text": "…", "usage": {…}}}; {@link #files()} and {@link #text()}
 * read it. Immutable, except that {@code output} is a Jackson tree the caller should not change.
 *
 * @param executionId {@code exec_…}
 * @param status {@code COMPLETED}
 * @param output the canonical output
 * @param cost the amount charged
 * @param latencyMs milliseconds from start to end, or {@code null}
 */
public record ExecutionResult(
    String executionId, ExecutionStatus status, JsonNode output, BigDecimal cost, Long latencyMs) {
  private static final List<String> FILE_KINDS = List.of("images", "videos", "audio");

  public ExecutionResult {
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(output, "output");
  }

  /** The generated text, for a text model. */
  public Optional<String> text() {
    return output.path("text").isTextual() ? Optional.of(output.get("text").asText()) : Optional.empty();
  }

  /** Every output file, images first, then videos, then audio; empty for a text model. */
  public List<OutputFile> files() {
    List<OutputFile> files = new ArrayList<>();
    for (String kind : FILE_KINDS) {
      for (JsonNode f : output.path(kind)) {
        if (f.path("file_id").isTextual()) {
          files.add(new OutputFile(kind, f.get("file_id").asText(), f.path("format").asText(null),
              f.path("width").isNumber() ? f.get("width").asInt() : null,
              f.path("height").isNumber() ? f.get("height").asInt() : null,
              f.path("duration_s").isNumber() ? f.get("duration_s").asDouble() : null));
        }
      }
    }
    return List.copyOf(files);
  }
}
