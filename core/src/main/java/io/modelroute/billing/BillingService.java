package io.modelroute.billing;

import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.billing.internal.JdbiLedgerStore;
import io.modelroute.billing.internal.TransactionIds;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads balances and the ledger, and credits organizations. Holds and settlements are placed by the
 * execution engine inside its own transactions through {@link JdbiLedgerStore}.
 *
 * <p>Get it from {@code ModelRoute.billing()}; the HTTP layer's balance and transaction routes call
 * it too. Thread-safe; one per {@code ModelRoute}.
 */
public final class BillingService {
  /** Most ledger entries one page returns. */
  public static final int MAX_PAGE = 100;

  private final Jdbi jdbi;
  private final JdbiLedgerStore ledger;
  private final Clock clock;
  private final TransactionIds ids;

  /**
   * A billing service over the ledger store; {@code ModelRoute} builds the one it hands out.
   *
   * @param ids renders and parses the public {@code txn_} ids of ledger entries
   */
  public BillingService(Jdbi jdbi, JdbiLedgerStore ledger, Clock clock, TransactionIds ids) {
    this.jdbi = jdbi;
    this.ledger = ledger;
    this.clock = clock;
    this.ids = ids;
  }

  /** The public id of a ledger entry: {@code txn_…}, not ordered and not guessable. */
  public String transactionId(LedgerEntry entry) {
    return ids.render(entry.orgId(), entry.id());
  }

  /**
   * Ledger entries newest first, after the entry whose public id is {@code startingAfter} (null for
   * the first page).
   *
   * @throws io.modelroute.ModelRouteException {@code 400} on {@code starting_after} for an id that
   *     is malformed, forged or another organization's
   */
  public List<LedgerEntry> transactions(String orgId, String startingAfter, int limit) {
    Long after =
        startingAfter == null ? null : ids.parseOrReject(orgId, startingAfter, "starting_after");
    return transactions(orgId, after, limit);
  }

  /** The organization's balance, held amount and available amount. */
  public Balance balance(String orgId) {
    return jdbi.withHandle(h -> ledger.balance(h, orgId))
        .orElseThrow(() -> ModelRouteException.notFound("Organization"));
  }

  /**
   * Ledger entries newest first. {@code startingAfter} is the id of the last entry of the previous
   * page, or null. Fetches one extra row to tell whether more remain.
   */
  public List<LedgerEntry> transactions(String orgId, Long startingAfter, int limit) {
    return jdbi.withHandle(h -> ledger.entries(h, orgId, startingAfter, limit));
  }

  /** Adds a positive {@code amount} to the balance (a CREDIT entry). Returns the new balance. */
  public Balance credit(String orgId, Money amount, String description) {
    if (amount.micros() <= 0) {
      throw ModelRouteException.invalid("amount", "OUT_OF_RANGE", "credit must be positive");
    }
    return jdbi.inTransaction(
        h -> {
          ledger.addFunds(h, orgId, EntryType.CREDIT, amount, description, clock.instant());
          return ledger.balance(h, orgId).orElseThrow();
        });
  }

  /** Adds a signed correction (an ADJUSTMENT entry). Returns the new balance. */
  public Balance adjust(String orgId, Money amount, String description) {
    return jdbi.inTransaction(
        h -> {
          ledger.addFunds(h, orgId, EntryType.ADJUSTMENT, amount, description, clock.instant());
          return ledger.balance(h, orgId).orElseThrow();
        });
  }

  /** Organizations whose balances disagree with the ledger; empty when the invariant holds. */
  public List<String> invariantViolations() {
    return jdbi.withHandle(ledger::invariantViolations);
  }
}
