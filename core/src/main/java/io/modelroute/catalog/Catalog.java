package io.modelroute.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The set of models this gateway offers. Immutable, thread-safe. STUB: to be implemented. */
public final class Catalog {
  private Catalog() {}

  /** The catalog shipped in the jar ({@code /io/modelroute/catalog/default-catalog.yaml}). */
  public static Catalog loadDefault() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Loads a catalog file; {@code .json}, {@code .yaml} or {@code .yml}. */
  public static Catalog load(Path file) {
    throw new UnsupportedOperationException("TODO");
  }

  /** The model with this slug, enabled or not. */
  public Optional<ModelDefinition> find(String slug) {
    throw new UnsupportedOperationException("TODO");
  }

  /** All models, in catalog order. */
  public List<ModelDefinition> models() {
    throw new UnsupportedOperationException("TODO");
  }
}
