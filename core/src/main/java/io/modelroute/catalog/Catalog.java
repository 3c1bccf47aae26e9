package io.modelroute.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The set of models this gateway offers (docs/providers.md), read from a catalog file — JSON or
 * YAML, one structure, described in {@code docs/catalog.md} — or built from definitions.
 *
 * <p>Every entry is checked when the catalog is built: a bad category or pricing unit, a price that
 * is not an exact amount, a duplicate slug, a model without routes or with an invalid input schema
 * is an {@link IllegalArgumentException} naming the model and the field. Each model's input schema
 * is compiled once, here, and reused by {@link InputValidator}.
 *
 * <p>{@code ModelRoute.catalog()} is the one a gateway serves (the file of {@code
 * ModelRouteConfig.Builder.catalogFile}, or {@link #loadDefault()}). Immutable and thread-safe.
 */
public final class Catalog {
  /** Classpath location of the catalog shipped in the jar. */
  static final String DEFAULT_RESOURCE = "/io/modelroute/catalog/default-catalog.yaml";

  private final List<ModelDefinition> models;
  private final Map<String, ModelDefinition> bySlug;
  private final Map<String, CompiledSchema> schemas;

  private Catalog(List<CatalogParser.Entry> entries) {
    List<ModelDefinition> list = new ArrayList<>(entries.size());
    Map<String, ModelDefinition> slugs = new LinkedHashMap<>();
    Map<String, CompiledSchema> compiled = new LinkedHashMap<>();
    for (CatalogParser.Entry entry : entries) {
      list.add(entry.model());
      slugs.put(entry.model().slug(), entry.model());
      compiled.put(entry.model().slug(), entry.schema());
    }
    this.models = List.copyOf(list);
    this.bySlug = Map.copyOf(slugs);
    this.schemas = Map.copyOf(compiled);
  }

  /**
   * The catalog shipped in the jar ({@code /io/modelroute/catalog/default-catalog.yaml}): demo
   * models that run offline on the built-in {@code demo} provider.
   */
  public static Catalog loadDefault() {
    try (InputStream in = Catalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "default catalog missing from the classpath: " + DEFAULT_RESOURCE);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return parse(text, CatalogParser.Syntax.YAML, DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default catalog", e);
    }
  }

  /**
   * Loads a catalog file; {@code .json}, {@code .yaml} or {@code .yml}.
   *
   * @throws IllegalArgumentException if the file has another extension or any entry is invalid
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Catalog load(Path file) {
    String name =
        file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    CatalogParser.Syntax syntax;
    if (name.endsWith(".json")) {
      syntax = CatalogParser.Syntax.JSON;
    } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      syntax = CatalogParser.Syntax.YAML;
    } else {
      throw new IllegalArgumentException("catalog file must end in .json, .yaml or .yml: " + file);
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog file " + file, e);
    }
    return parse(text, syntax, file.toString());
  }

  /**
   * A catalog of the given definitions, in order; for embedding applications and tests that build
   * models in code. Checks the same things as loading a file.
   *
   * @throws IllegalArgumentException on a duplicate slug or an invalid input schema
   */
  public static Catalog of(List<ModelDefinition> models) {
    List<CatalogParser.Entry> entries = new ArrayList<>(models.size());
    Set<String> slugs = new HashSet<>();
    for (ModelDefinition model : models) {
      if (!slugs.add(model.slug())) {
        throw new IllegalArgumentException("model '" + model.slug() + "': duplicate slug");
      }
      try {
        entries.add(new CatalogParser.Entry(model, CompiledSchema.compile(model.inputSchema())));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("model '" + model.slug() + "': " + e.getMessage(), e);
      }
    }
    return new Catalog(entries);
  }

  static Catalog parse(String text, CatalogParser.Syntax syntax, String source) {
    return new Catalog(CatalogParser.parse(text, syntax, source));
  }

  /** The model with this slug, enabled or not. */
  public Optional<ModelDefinition> find(String slug) {
    return slug == null ? Optional.empty() : Optional.ofNullable(bySlug.get(slug));
  }

  /** All models, in catalog order. */
  public List<ModelDefinition> models() {
    return models;
  }

  /**
   * The compiled schema of {@code model} if it is this catalog's definition of its slug (the same
   * instance, or an equal one); otherwise {@code null}.
   */
  CompiledSchema compiledSchema(ModelDefinition model) {
    ModelDefinition ours = bySlug.get(model.slug());
    if (ours == null || (ours != model && !ours.equals(model))) {
      return null;
    }
    return schemas.get(model.slug());
  }

  /** Catalogs are equal when they hold equal models in the same order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Catalog other && models.equals(other.models);
  }

  /** Consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return models.hashCode();
  }

  /** {@code Catalog[slug, …]}, for messages. */
  @Override
  public String toString() {
    return "Catalog" + models.stream().map(ModelDefinition::slug).toList();
  }
}
