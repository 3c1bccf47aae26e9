package io.modelroute.billing;

import io.modelroute.Money;

/** An organization's money: {@code available = balance − held}, never negative. */
public record Balance(Money balance, Money held) {
  public Money available() {
    return balance.minus(held);
  }
}
