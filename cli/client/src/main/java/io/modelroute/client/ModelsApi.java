package io.modelroute.client;

import io.modelroute.api.Model;
import java.util.List;

/**
 * The model catalog (docs/providers.md), typed. Get it from {@link ModelRouteClient#models()}.
 * Thread-safe.
 */
public final class ModelsApi {
  private final ModelRouteClient client;
  private final Transport transport;

  ModelsApi(ModelRouteClient client, Transport transport) {
    this.client = client;
    this.transport = transport;
  }

  /** Every enabled model. */
  public List<Model> list() {
    return transport.list(client.listModels(), "data", Model.class);
  }

  /** One model by slug; {@code 404 NOT_FOUND} when there is no such enabled model. */
  public Model get(String slug) {
    return transport.decode(client.getModel(slug), Model.class);
  }
}
