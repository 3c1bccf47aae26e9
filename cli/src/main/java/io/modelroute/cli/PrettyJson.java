package io.modelroute.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.modelroute.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** JSON as the CLI prints it: two-space indent, {@code "key": value}, arrays one item a line. */
final class PrettyJson {
  private static final ObjectWriter PRETTY =
      Json.mapper()
          .writer(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n"))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n")))
          .with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
  private static final ObjectWriter COMPACT =
      Json.mapper().writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private PrettyJson() {}

  static void print(PrintWriter out, JsonNode node) {
    out.println(format(node));
  }

  static String format(JsonNode node) {
    return write(PRETTY, node);
  }

  static String compact(JsonNode node) {
    return write(COMPACT, node);
  }

  private static String write(ObjectWriter writer, JsonNode node) {
    try {
      return writer.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
