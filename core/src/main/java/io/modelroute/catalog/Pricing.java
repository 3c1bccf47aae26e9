package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Money;
import java.util.Objects;

/**
 * A model's price (docs/concepts.md). For {@link PricingUnit#PER_1K_TOKENS} {@code price} is the
 * input price per 1,000 tokens and {@code outputPrice} the output price; for the other units only
 * {@code price} is used and {@code outputPrice} is zero. Part of a {@link ModelDefinition}.
 * Immutable; safe to share.
 *
 * @param unit what the price is per
 * @param price the price per unit (per 1,000 input tokens for {@code PER_1K_TOKENS})
 * @param outputPrice the price per 1,000 output tokens, or zero
 */
public record Pricing(PricingUnit unit, Money price, Money outputPrice) {
  /**
   * Checks that the unit and prices are there and not negative.
   *
   * @throws IllegalArgumentException for a negative price
   */
  public Pricing {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(outputPrice, "outputPrice");
    if (price.isNegative() || outputPrice.isNegative()) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /** A fixed {@code price} per execution. */
  public static Pricing perRun(Money price) {
    return new Pricing(PricingUnit.PER_RUN, price, Money.ZERO);
  }

  /** {@code price} per second of output media. */
  public static Pricing perSecond(Money price) {
    return new Pricing(PricingUnit.PER_SECOND, price, Money.ZERO);
  }

  /** {@code price} per megapixel of output. */
  public static Pricing perMegapixel(Money price) {
    return new Pricing(PricingUnit.PER_MEGAPIXEL, price, Money.ZERO);
  }

  /** {@code inputPrice} per 1,000 input tokens and {@code outputPrice} per 1,000 output tokens. */
  public static Pricing per1kTokens(Money inputPrice, Money outputPrice) {
    return new Pricing(PricingUnit.PER_1K_TOKENS, inputPrice, outputPrice);
  }

  /**
   * Estimates the cost of one execution from its validated input (schema defaults already applied),
   * before it runs; rounded half-up to whole micro-dollars. A {@code duration}, {@code width} or
   * {@code height} the input lacks counts as one second / one megapixel; see {@code
   * docs/catalog.md} for the formulas.
   */
  public Money estimate(JsonNode input) {
    return CostModel.estimate(this, input);
  }

  /**
   * The actual cost of what a provider reported, before capping at the hold; rounded half-up to
   * whole micro-dollars.
   */
  public Money actualCost(Usage usage) {
    return CostModel.actual(this, usage);
  }
}
