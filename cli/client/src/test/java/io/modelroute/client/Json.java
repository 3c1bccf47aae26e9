package io.modelroute.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The client's mapper for tests, with unchecked parsing. */
final class Json {
  private Json() {}

  static ObjectMapper mapper() {
    return ClientJson.mapper();
  }

  static JsonNode readTree(String json) {
    try {
      return ClientJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode readObject(String json) {
    return (ObjectNode) readTree(json);
  }

  static String write(Object value) {
    try {
      return ClientJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
