package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Money;

/** Turns pricing plus input (estimate) or usage (actual) into money. STUB: to be implemented. */
final class CostModel {
  private CostModel() {}

  static Money estimate(Pricing pricing, JsonNode input) {
    throw new UnsupportedOperationException("TODO");
  }

  static Money actual(Pricing pricing, Usage usage) {
    throw new UnsupportedOperationException("TODO");
  }
}
