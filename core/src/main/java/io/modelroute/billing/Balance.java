package io.modelroute.billing;

import io.modelroute.Money;

/**
 * An organization's money: {@code available = balance − held}, never negative. {@link
 * BillingService#balance} returns it. Immutable; safe to share.
 *
 * @param balance credits and adjustments less what completed executions were charged
 * @param held what running executions have reserved
 */
public record Balance(Money balance, Money held) {
  /** What new executions may still reserve: {@code balance − held}. */
  public Money available() {
    return balance.minus(held);
  }
}
