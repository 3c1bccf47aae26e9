package io.modelroute.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns pricing plus input (estimate) or usage (actual) into money (docs/concepts.md). All
 * arithmetic is {@link BigDecimal}; the total is rounded once, half-up, to whole micro-dollars.
 *
 * <p>Estimates, from the validated input (defaults applied):
 *
 * <ul>
 *   <li>{@code per_run}: the price;
 *   <li>{@code per_second}: price × {@code duration};
 *   <li>{@code per_megapixel}: price × {@code width} × {@code height} / 1,000,000;
 *   <li>{@code per_1k_tokens}: input price × in/1000 + output price × out/1000, where in =
 *       ⌈characters of all string values in the input / 4⌉ (at least 1) and out = {@code
 *       max_tokens}, or {@value #DEFAULT_OUTPUT_TOKENS} when absent.
 * </ul>
 *
 * A {@code duration}, {@code width} or {@code height} that is missing, not a number or negative
 * counts as one second / one megapixel (the quantity as a whole falls back to 1), so a model whose
 * schema lacks them still gets a non-zero estimate.
 *
 * <p>Actual costs use the provider's {@link Usage} instead: seconds of media, megapixels, tokens.
 */
final class CostModel {
  /** Output tokens assumed when the input names no {@code max_tokens}. */
  static final int DEFAULT_OUTPUT_TOKENS = 256;

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1_000);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal FOUR = BigDecimal.valueOf(4);

  /** Anything past this is not a cost but a mistake; it also keeps rounding cheap. */
  private static final BigDecimal MAX_DOLLARS =
      BigDecimal.valueOf(Long.MAX_VALUE / Money.MICROS_PER_DOLLAR);

  private static final BigDecimal NEGLIGIBLE = new BigDecimal("1e-12");

  private CostModel() {}

  static Money estimate(Pricing pricing, JsonNode input) {
    return switch (pricing.unit()) {
      case PER_RUN -> pricing.price();
      case PER_SECOND -> money(price(pricing).multiply(quantity(input, "duration")));
      case PER_MEGAPIXEL -> money(price(pricing).multiply(megapixels(input)));
      case PER_1K_TOKENS -> money(tokens(pricing, inputTokens(input), outputTokens(input)));
    };
  }

  static Money actual(Pricing pricing, Usage usage) {
    return switch (pricing.unit()) {
      case PER_RUN -> pricing.price();
      case PER_SECOND -> money(price(pricing).multiply(reported(usage.mediaSeconds())));
      case PER_MEGAPIXEL -> money(price(pricing).multiply(reported(usage.megapixels())));
      case PER_1K_TOKENS ->
          money(
              tokens(
                  pricing,
                  BigDecimal.valueOf(usage.inputTokens()),
                  BigDecimal.valueOf(usage.outputTokens())));
    };
  }

  private static BigDecimal price(Pricing pricing) {
    return pricing.price().toBigDecimal();
  }

  private static BigDecimal tokens(Pricing pricing, BigDecimal in, BigDecimal out) {
    return pricing
        .price()
        .toBigDecimal()
        .multiply(in)
        .add(pricing.outputPrice().toBigDecimal().multiply(out))
        .divide(THOUSAND); // exact: dividing by a power of ten never repeats
  }

  private static BigDecimal megapixels(JsonNode input) {
    BigDecimal width = usable(input == null ? null : input.get("width"));
    BigDecimal height = usable(input == null ? null : input.get("height"));
    if (width == null || height == null) {
      return BigDecimal.ONE;
    }
    return width.multiply(height).divide(MILLION);
  }

  private static BigDecimal quantity(JsonNode input, String field) {
    BigDecimal value = usable(input == null ? null : input.get(field));
    return value == null ? BigDecimal.ONE : value;
  }

  /** Characters (code points) of every string value, however deep, / 4, rounded up, at least 1. */
  private static BigDecimal inputTokens(JsonNode input) {
    long characters = 0;
    Deque<JsonNode> stack = new ArrayDeque<>();
    if (input != null) {
      stack.push(input);
    }
    while (!stack.isEmpty()) {
      JsonNode node = stack.pop();
      if (node.isTextual()) {
        String text = node.textValue();
        characters += text.codePointCount(0, text.length());
      } else if (node.isContainerNode()) {
        node.forEach(stack::push);
      }
    }
    long tokens = Math.max(1, (characters + 3) / 4);
    return BigDecimal.valueOf(tokens);
  }

  private static BigDecimal outputTokens(JsonNode input) {
    BigDecimal value = usable(input == null ? null : input.get("max_tokens"));
    if (value == null || value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
      return BigDecimal.valueOf(DEFAULT_OUTPUT_TOKENS);
    }
    return value;
  }

  /** A finite, non-negative number's exact value (see {@link #tame}), or {@code null}. */
  private static BigDecimal usable(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return null;
    }
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      return null;
    }
    BigDecimal value = node.decimalValue();
    return value.signum() < 0 ? null : tame(value);
  }

  /** A provider-reported quantity; a negative one counts as nothing. */
  private static BigDecimal reported(BigDecimal value) {
    return value.signum() <= 0 ? BigDecimal.ZERO : tame(value);
  }

  /**
   * Quantities below {@link #NEGLIGIBLE} become zero: at any realistic price they are worth less
   * than a micro-dollar, and a value like {@code 1e-999999999} would otherwise make the final
   * rounding crawl.
   */
  private static BigDecimal tame(BigDecimal value) {
    return value.signum() > 0 && value.compareTo(NEGLIGIBLE) < 0 ? BigDecimal.ZERO : value;
  }

  private static Money money(BigDecimal dollars) {
    if (dollars.compareTo(MAX_DOLLARS) > 0) {
      throw new IllegalArgumentException("cost out of range: quantities must be validated first");
    }
    return Money.of(dollars.setScale(6, RoundingMode.HALF_UP));
  }
}
