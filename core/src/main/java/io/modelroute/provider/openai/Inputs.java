package io.modelroute.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.provider.internal.ParamTemplate;

/** Reading a request's route: the mapped input and the provider's model name. */
final class Inputs {
  private Inputs() {}

  /** The canonical input through the route's {@code params.input} template (or unchanged). */
  static ObjectNode mapped(ProviderRequest request) {
    try {
      return ParamTemplate.apply(request.route().params(), request.input());
    } catch (IllegalArgumentException e) {
      throw RouteOptions.misconfigured(e.getMessage());
    }
  }

  /** The route's {@code provider_model}; a route without one is a catalog mistake. */
  static String providerModel(ProviderRequest request) {
    String model = request.route().providerModel();
    if (model.isBlank()) {
      throw new ProviderException(
          ErrorCode.INTERNAL_ERROR,
          "Route for " + request.model().slug() + " names no provider_model");
    }
    return model;
  }
}
