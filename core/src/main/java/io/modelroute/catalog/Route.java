package io.modelroute.catalog;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One way to run a model: a provider, the provider's own model name, an optional weight, and {@code
 * params} — provider-specific settings (for real providers, the mapping from canonical input to
 * provider parameters; for {@code demo}, latency and failure injection).
 */
public record Route(String provider, String providerModel, int weight, ObjectNode params) {
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
