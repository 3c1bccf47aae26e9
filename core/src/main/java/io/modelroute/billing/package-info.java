/**
 * Prepaid balances: the append-only ledger, holds placed at submit, captured or released exactly
 * once at settlement, and the invariant check that ties balances to the ledger. {@link
 * io.modelroute.billing.BillingService} (from {@code ModelRoute.billing()}) and the records it
 * returns are the API; the ledger store and the transaction id cipher live in {@code
 * io.modelroute.billing.internal}.
 */
package io.modelroute.billing;
