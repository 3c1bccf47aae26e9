package io.modelroute.client;

import io.modelroute.api.Balance;
import io.modelroute.api.LedgerEntry;
import io.modelroute.api.Page;

/**
 * Balance and ledger (docs/concepts.md), typed; both need a {@code FULL} key. Get it from {@link
 * ModelRouteClient#billing()}. Thread-safe.
 */
public final class BillingApi {
  private final ModelRouteClient client;
  private final Transport transport;

  BillingApi(ModelRouteClient client, Transport transport) {
    this.client = client;
    this.transport = transport;
  }

  /** The organization's balance, held amount and what is available. */
  public Balance balance() {
    return transport.decode(client.getBalance(), Balance.class);
  }

  /**
   * One page of the ledger, newest first.
   *
   * @param limit page size, or {@code null} for the server default
   * @param startingAfter {@link Page#nextCursor()} of the previous page, or {@code null} for the
   *     first
   */
  public Page<LedgerEntry> transactions(Integer limit, String startingAfter) {
    return transport.page(client.listBalanceTransactions(limit, startingAfter), LedgerEntry.class);
  }
}
