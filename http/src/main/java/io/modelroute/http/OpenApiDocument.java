package io.modelroute.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.modelroute.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.1 description of every route: the hand-maintained resource {@link #RESOURCE} (its
 * {@code info.version} filled in by the build), served as YAML at {@code GET /openapi.yaml} and as
 * JSON at {@code GET /openapi.json}. Tests check it against the router both ways, lint it and
 * validate every response of the HTTP test suite against it. Immutable and thread-safe.
 *
 * @param yaml the document as it is in the repository
 * @param json the same document as JSON
 */
record OpenApiDocument(String yaml, String json) {
  /** The classpath location of the document. */
  static final String RESOURCE = "/io/modelroute/http/openapi.yaml";

  /** Reads and parses the document once. */
  static OpenApiDocument load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
      return new OpenApiDocument(yaml, Json.write(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
