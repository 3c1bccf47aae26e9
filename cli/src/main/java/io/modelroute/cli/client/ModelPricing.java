package io.modelroute.cli.client;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How a model is priced (SPEC §5): {@code per_run}, {@code per_second}, {@code per_megapixel} use
 * {@code price}; {@code per_1k_tokens} uses {@code inputPrice} and {@code outputPrice}. The parts
 * that do not apply are {@code null}. Immutable.
 *
 * @param unit the pricing unit
 * @param price USD per unit, or {@code null} for token pricing
 * @param inputPrice USD per 1 000 input tokens, or {@code null}
 * @param outputPrice USD per 1 000 output tokens, or {@code null}
 * @param currency {@code USD}
 */
public record ModelPricing(String unit, BigDecimal price, BigDecimal inputPrice, BigDecimal outputPrice, String currency) {
  public ModelPricing {
    Objects.requireNonNull(unit, "unit");
  }
}
