/**
 * Internal: not API, may change without notice. The ledger's JDBI store and the transaction id
 * cipher behind {@link io.modelroute.billing.BillingService}, public only because {@code
 * ModelRoute}, the auth package and the execution engine use them.
 */
package io.modelroute.billing.internal;
