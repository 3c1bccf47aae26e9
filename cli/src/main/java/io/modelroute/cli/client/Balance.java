package io.modelroute.cli.client;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The organization's prepaid balance ({@code GET /v1/balance}, SPEC §5), exact to the micro-dollar.
 * {@code available = balance − held}. Immutable.
 *
 * @param balance credits minus captured charges
 * @param held the sum of the holds of running executions
 * @param available what new executions can still hold
 * @param currency {@code USD}
 */
public record Balance(BigDecimal balance, BigDecimal held, BigDecimal available, String currency) {
  public Balance {
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(held, "held");
    Objects.requireNonNull(available, "available");
  }
}
