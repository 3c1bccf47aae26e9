/**
 * Prepaid balances: the append-only ledger, holds placed at submit, captured or released exactly
 * once at settlement, and the invariant check that ties balances to the ledger.
 */
package io.modelroute.billing;
