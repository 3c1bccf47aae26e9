package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Validates execution input against a model's JSON Schema. STUB: to be implemented. */
public final class InputValidator {
  public InputValidator(Catalog catalog) {}

  /**
   * Validates {@code input} for {@code model} and returns a copy with schema defaults filled in.
   *
   * @throws io.modelroute.ModelRouteException {@code INPUT_VALIDATION_ERROR} with one detail per
   *     problem, field paths rooted at {@code input.}
   */
  public ObjectNode validate(ModelDefinition model, JsonNode input) {
    throw new UnsupportedOperationException("TODO");
  }
}
