package io.modelroute;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of US dollars, held as integer micro-dollars (1 USD = 1 000 000 micros).
 *
 * <p>Nothing monetary in ModelRoute is a {@code double}. Amounts render as decimal strings with at
 * least three decimals ({@code "0.040"}, {@code "12.500"}) and at most six. Immutable and
 * thread-safe.
 */
public record Money(long micros) implements Comparable<Money> {
  /** Micro-dollars in one dollar. */
  public static final long MICROS_PER_DOLLAR = 1_000_000L;

  /** Zero dollars. */
  public static final Money ZERO = new Money(0);

  /** The amount of {@code micros} micro-dollars. */
  public static Money ofMicros(long micros) {
    return new Money(micros);
  }

  /**
   * Parses a decimal dollar amount such as {@code "25.00"} or {@code "0.04"}.
   *
   * @throws IllegalArgumentException if the text is not a plain decimal number or has more than six
   *     decimals (sub-micro amounts are never silently rounded)
   */
  public static Money parse(String dollars) {
    if (dollars == null || !dollars.strip().matches("-?\\d{1,12}(\\.\\d{1,6})?")) {
      throw new IllegalArgumentException("not a dollar amount with at most 6 decimals: " + dollars);
    }
    return new Money(new BigDecimal(dollars.strip()).movePointRight(6).longValueExact());
  }

  /** Converts an exact decimal; rounds half-up to whole micros. */
  public static Money of(BigDecimal dollars) {
    return new Money(dollars.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /** This amount plus {@code other}; throws {@link ArithmeticException} on overflow. */
  public Money plus(Money other) {
    return new Money(Math.addExact(micros, other.micros));
  }

  /** This amount minus {@code other}; throws {@link ArithmeticException} on overflow. */
  public Money minus(Money other) {
    return new Money(Math.subtractExact(micros, other.micros));
  }

  /** This amount times {@code factor}, rounded half-up to whole micros. */
  public Money times(BigDecimal factor) {
    return of(toBigDecimal().multiply(factor));
  }

  /** The larger of two amounts. */
  public static Money max(Money a, Money b) {
    return a.micros >= b.micros ? a : b;
  }

  /** The smaller of two amounts. */
  public static Money min(Money a, Money b) {
    return a.micros <= b.micros ? a : b;
  }

  /** Whether the amount is below zero (a balance in debt). */
  public boolean isNegative() {
    return micros < 0;
  }

  /** The amount in dollars, exact. */
  public BigDecimal toBigDecimal() {
    return BigDecimal.valueOf(micros, 6);
  }

  /** The wire form: a decimal string with 3 to 6 decimals, e.g. {@code "0.048"}. */
  @Override
  public String toString() {
    BigDecimal d = toBigDecimal().stripTrailingZeros();
    if (d.scale() < 3) {
      d = d.setScale(3, RoundingMode.UNNECESSARY);
    }
    return d.toPlainString();
  }

  @Override
  public int compareTo(Money o) {
    return Long.compare(micros, o.micros);
  }
}
