package io.modelroute.catalog;

import java.util.Locale;

/** How a model is priced (docs/concepts.md), {@link Pricing#unit()}. Immutable. */
public enum PricingUnit {
  /** A fixed price per execution. */
  PER_RUN,
  /** A price per second of output media; estimated from input {@code duration}. */
  PER_SECOND,
  /** A price per megapixel of output; estimated from input {@code width} × {@code height}. */
  PER_MEGAPIXEL,
  /** Separate prices per 1,000 input and per 1,000 output tokens. */
  PER_1K_TOKENS;

  /** The catalog/wire form, lowercase ({@code "per_run"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the catalog/wire form, case-insensitively.
   *
   * @throws IllegalArgumentException for an unknown unit
   */
  static PricingUnit fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
