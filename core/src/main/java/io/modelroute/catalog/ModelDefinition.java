package io.modelroute.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One catalog entry (docs/providers.md): what clients see (slug, category, description, input
 * schema, pricing) and what only the gateway sees (timeout, ordered routes). {@link Catalog} holds
 * them; a provider receives the model it runs. Immutable; safe to share.
 *
 * @param slug the model's name in requests, lower-case letters, digits, {@code .}, {@code _} and
 *     {@code -}
 * @param category what kind of output it makes
 * @param description a description for people; empty when none
 * @param inputSchema the JSON Schema (2020-12) its input must satisfy
 * @param pricing how it is priced
 * @param timeout how long an execution may take from submit before it expires ({@link
 *     #DEFAULT_TIMEOUT} when none is given)
 * @param routes the ways to run it, tried in order; at least one
 * @param enabled whether new executions may use it
 * @param fileFields input fields that take {@code file_…} references, each with the content types
 *     it accepts (from {@code "x-file": {"accept": [...]}} on the field's schema); a type pattern
 *     may end in {@code /*}
 */
public record ModelDefinition(
    String slug,
    Category category,
    String description,
    ObjectNode inputSchema,
    Pricing pricing,
    Duration timeout,
    List<Route> routes,
    boolean enabled,
    Map<String, Set<String>> fileFields) {

  /** Timeout when a catalog entry names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Checks the slug, timeout and routes; copies the schema, routes and file fields.
   *
   * @throws IllegalArgumentException naming what is not valid
   */
  public ModelDefinition {
    Objects.requireNonNull(slug, "slug");
    if (!slug.matches("[a-z0-9][a-z0-9._-]{0,127}")) {
      throw new IllegalArgumentException(
          "model slug must be lowercase letters, digits, '.', '_' or '-': " + slug);
    }
    Objects.requireNonNull(category, "category");
    description = description == null ? "" : description;
    Objects.requireNonNull(inputSchema, "inputSchema");
    inputSchema = inputSchema.deepCopy();
    Objects.requireNonNull(pricing, "pricing");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    routes = List.copyOf(routes);
    if (routes.isEmpty()) {
      throw new IllegalArgumentException("model " + slug + " needs at least one route");
    }
    fileFields = Map.copyOf(fileFields == null ? Map.of() : fileFields);
  }

  /**
   * An enabled model with the default timeout, its {@link #fileFields()} read from the {@code
   * x-file} markers of {@code inputSchema}; for building catalogs in code (see {@link Catalog#of}).
   *
   * @throws IllegalArgumentException if an {@code x-file} marker is malformed
   */
  public static ModelDefinition of(
      String slug,
      Category category,
      String description,
      ObjectNode inputSchema,
      Pricing pricing,
      List<Route> routes) {
    Objects.requireNonNull(inputSchema, "inputSchema");
    return new ModelDefinition(
        slug,
        category,
        description,
        inputSchema,
        pricing,
        DEFAULT_TIMEOUT,
        routes,
        true,
        CompiledSchema.fileFields(inputSchema));
  }

  /** A defensive copy; the record's node is never handed out for mutation. */
  @Override
  public ObjectNode inputSchema() {
    return inputSchema.deepCopy();
  }
}
