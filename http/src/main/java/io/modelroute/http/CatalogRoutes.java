package io.modelroute.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.modelroute.ModelRouteException;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.PricingUnit;

/** {@code /v1/models}: what can be run and what it costs. Never names providers. */
final class CatalogRoutes {
  private final Catalog catalog;

  CatalogRoutes(Catalog catalog) {
    this.catalog = catalog;
  }

  void register(RoutesConfig r) {
    r.get("/v1/models", ctx -> {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      ArrayNode data = out.putArray("data");
      catalog.models().stream().filter(ModelDefinition::enabled).forEach(m -> data.add(modelJson(m)));
      Requests.json(ctx, 200, out);
    });
    r.get("/v1/models/{slug}", ctx -> Requests.json(ctx, 200, modelJson(catalog.find(ctx.pathParam("slug"))
        .filter(ModelDefinition::enabled)
        .orElseThrow(() -> ModelRouteException.notFound("Model")))));
  }

  static ObjectNode modelJson(ModelDefinition m) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("slug", m.slug());
    n.put("category", m.category().wireName());
    n.put("description", m.description());
    n.set("input_schema", m.inputSchema());
    ObjectNode pricing = n.putObject("pricing");
    pricing.put("unit", m.pricing().unit().wireName());
    if (m.pricing().unit() == PricingUnit.PER_1K_TOKENS) {
      pricing.put("input_price", m.pricing().price().toString());
      pricing.put("output_price", m.pricing().outputPrice().toString());
    } else {
      pricing.put("price", m.pricing().price().toString());
    }
    pricing.put("currency", "USD");
    n.put("timeout_s", m.timeout().toSeconds());
    return n;
  }
}
