package io.modelroute.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.catalog.Category;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.execution.Execution;
import io.modelroute.file.FileService;
import io.modelroute.file.StoredFile;
import io.modelroute.provider.OutputMedia;
import io.modelroute.provider.ProviderOutcome;
import java.io.IOException;

/**
 * Turns a provider's finished result into the canonical output of docs/concepts.md — {@code
 * images}, {@code videos}, {@code audio} (each file stored as an OUTPUT file of the execution's
 * organization) or {@code text} with its usage. Runs before the completing transaction, since
 * storing files is I/O. Thread-safe.
 */
final class OutputAssembler {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final FileService files;

  OutputAssembler(FileService files) {
    this.files = files;
  }

  /** The canonical output of {@code done}, its media stored as the execution's output files. */
  ObjectNode assemble(Execution e, ModelDefinition model, ProviderOutcome.Completed done)
      throws IOException {
    ObjectNode output = NODES.objectNode();
    switch (model.category()) {
      case TEXT -> {
        output.put("text", done.text() == null ? "" : done.text());
        ObjectNode usage = output.putObject("usage");
        usage.put("input_tokens", done.usage().inputTokens());
        usage.put("output_tokens", done.usage().outputTokens());
      }
      case IMAGE -> {
        ArrayNode images = output.putArray("images");
        for (OutputMedia m : done.media()) {
          StoredFile f = files.storeOutput(e.orgId(), e.id(), m);
          ObjectNode item = images.addObject().put("file_id", f.id()).put("format", m.format());
          item.put("width", m.width());
          item.put("height", m.height());
        }
      }
      case VIDEO, AUDIO -> {
        ArrayNode list = output.putArray(model.category() == Category.VIDEO ? "videos" : "audio");
        for (OutputMedia m : done.media()) {
          StoredFile f = files.storeOutput(e.orgId(), e.id(), m);
          ObjectNode item = list.addObject().put("file_id", f.id()).put("format", m.format());
          item.put("duration_s", m.durationSeconds());
        }
      }
    }
    return output;
  }
}
