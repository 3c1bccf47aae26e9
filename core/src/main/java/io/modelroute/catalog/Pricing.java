package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Money;
import java.util.Objects;

/**
 * A model's price (SPEC §5). For {@link PricingUnit#PER_1K_TOKENS} {@code price} is the input
 * price per 1,000 tokens and {@code outputPrice} the output price; for the other units only
 * {@code price} is used and {@code outputPrice} is zero.
 */
public record Pricing(PricingUnit unit, Money price, Money outputPrice) {
  public Pricing {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(outputPrice, "outputPrice");
    if (price.isNegative() || outputPrice.isNegative()) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /**
   * Estimates the cost of one execution from its validated input (schema defaults already
   * applied), before it runs. Implemented in {@link CostModel}.
   */
  public Money estimate(JsonNode input) {
    return CostModel.estimate(this, input);
  }

  /** The actual cost of what a provider reported, before capping at the hold. */
  public Money actualCost(Usage usage) {
    return CostModel.actual(this, usage);
  }
}
