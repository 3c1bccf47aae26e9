/**
 * Internal: not API, may change without notice. The idempotency keys' JDBI store, public only
 * because {@code ModelRoute} and the execution engine use it.
 */
package io.modelroute.idempotency.internal;
