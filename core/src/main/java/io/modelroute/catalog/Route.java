package io.modelroute.catalog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One way to run a model: a provider, the provider's own model name, an optional weight, and {@code
 * params} — provider-specific settings (for real providers, the mapping from canonical input to
 * provider parameters; for {@code demo}, latency and failure injection). A model's routes are tried
 * in order ({@link ModelDefinition#routes()}); a provider receives the route it runs on. Immutable;
 * safe to share.
 *
 * @param provider the provider's name, e.g. {@code demo} or {@code openai}
 * @param providerModel the provider's own name of the model; empty when the provider needs none
 * @param weight the catalog's {@code weight}, 0 or more (default 1)
 * @param params provider-specific settings; empty when none
 */
public record Route(String provider, String providerModel, int weight, ObjectNode params) {
  /**
   * Checks the provider and weight; copies {@code params}, taking null for none.
   *
   * @throws IllegalArgumentException for a blank provider or a negative weight
   */
  public Route {
    Objects.requireNonNull(provider, "provider");
    if (provider.isBlank()) {
      throw new IllegalArgumentException("route provider must not be blank");
    }
    providerModel = providerModel == null ? "" : providerModel;
    if (weight < 0) {
      throw new IllegalArgumentException("route weight must not be negative");
    }
    params = params == null ? JsonNodeFactory.instance.objectNode() : params.deepCopy();
  }

  /** A route with weight 1 and no params. */
  public static Route of(String provider, String providerModel) {
    return new Route(provider, providerModel, 1, null);
  }

  /** A defensive copy; the record's node is never handed out for mutation. */
  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }
}
