package io.modelroute.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/executions/{id}/result} (docs/concepts.md): the canonical output of a COMPLETED
 * execution, its cost and latency. {@code output} is {@code {"images": [...]}}, {@code {"videos":
 * [...]}}, {@code {"audio": [...]}} or {@code {"text": "…", "usage": {…}}}; {@link #files()} and
 * {@link #text()} read it.
 *
 * @param executionId {@code exec_…}
 * @param status {@code COMPLETED}
 * @param output the canonical output
 * @param cost the amount charged
 * @param latencyMs milliseconds from start to end, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExecutionResult(
    @JsonProperty("execution_id") String executionId,
    @JsonProperty("status") ExecutionStatus status,
    @JsonProperty("output") Map<String, Object> output,
    @JsonProperty("cost") @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal cost,
    @JsonProperty("latency_ms") Long latencyMs) {
  private static final List<String> FILE_KINDS = List.of("images", "videos", "audio");

  public ExecutionResult {
    output = Copies.map(output);
  }

  /** The generated text, for a text model. */
  public Optional<String> text() {
    return output != null && output.get("text") instanceof String s
        ? Optional.of(s)
        : Optional.empty();
  }

  /** Every output file, images first, then videos, then audio; empty for a text model. */
  public List<OutputFile> files() {
    List<OutputFile> files = new ArrayList<>();
    if (output == null) {
      return List.of();
    }
    for (String kind : FILE_KINDS) {
      if (output.get(kind) instanceof List<?> items) {
        for (Object item : items) {
          if (item instanceof Map<?, ?> f && f.get("file_id") instanceof String id) {
            files.add(
                new OutputFile(
                    kind,
                    id,
                    f.get("format") instanceof String s ? s : null,
                    f.get("width") instanceof Number n ? n.intValue() : null,
                    f.get("height") instanceof Number n ? n.intValue() : null,
                    f.get("duration_s") instanceof Number n ? n.doubleValue() : null));
          }
        }
      }
    }
    return List.copyOf(files);
  }
}
