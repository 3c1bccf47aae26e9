package io.modelroute.http;

import io.javalin.config.RoutesConfig;
import io.modelroute.ModelRouteException;
import io.modelroute.api.Balance;
import io.modelroute.api.DataList;
import io.modelroute.api.Model;
import io.modelroute.api.ModelCategory;
import io.modelroute.api.ModelPricing;
import io.modelroute.catalog.Catalog;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.catalog.PricingUnit;
import io.modelroute.execution.ExecutionJson;
import java.math.BigDecimal;

/** {@code /v1/models}: what can be run and what it costs. Never names providers. */
final class CatalogRoutes {
  private final Catalog catalog;

  CatalogRoutes(Catalog catalog) {
    this.catalog = catalog;
  }

  void register(RoutesConfig r) {
    r.get(
        "/v1/models",
        ctx ->
            Requests.json(
                ctx,
                200,
                new DataList<>(
                    catalog.models().stream()
                        .filter(ModelDefinition::enabled)
                        .map(CatalogRoutes::modelJson)
                        .toList())));
    r.get(
        "/v1/models/{slug}",
        ctx ->
            Requests.json(
                ctx,
                200,
                modelJson(
                    catalog
                        .find(ctx.pathParam("slug"))
                        .filter(ModelDefinition::enabled)
                        .orElseThrow(() -> ModelRouteException.notFound("Model")))));
  }

  static Model modelJson(ModelDefinition m) {
    boolean tokens = m.pricing().unit() == PricingUnit.PER_1K_TOKENS;
    BigDecimal price = ExecutionJson.usd(m.pricing().price());
    ModelPricing pricing =
        new ModelPricing(
            io.modelroute.api.PricingUnit.valueOf(m.pricing().unit().name()),
            tokens ? null : price,
            tokens ? price : null,
            tokens ? ExecutionJson.usd(m.pricing().outputPrice()) : null,
            Balance.USD);
    return new Model(
        m.slug(),
        ModelCategory.valueOf(m.category().name()),
        m.description(),
        ExecutionJson.object(m.inputSchema()),
        pricing,
        m.timeout().toSeconds());
  }
}
