package io.modelroute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one configured Jackson mapper: ISO-8601 instants, strict about trailing tokens, bounded
 * nesting depth and number length so hostile bodies fail fast. Use it to build the JSON inputs of
 * {@link io.modelroute.execution.CreateExecution} and to read outputs. Thread-safe; all methods are
 * static.
 */
public final class Json {
  /** Deepest nesting a body may have. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = create();

  private Json() {}

  /** The shared mapper; configure nothing on it (it is shared by the whole process). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    JsonMapper mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(100)
                .build());
    return mapper;
  }

  /** Serialises a value to compact JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON that this process wrote itself (stored columns); not for client input. */
  public static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses stored JSON that must be an object. */
  public static ObjectNode readObject(String json) {
    return (ObjectNode) readTree(json);
  }
}
