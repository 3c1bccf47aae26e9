/**
 * Internal: the database underneath the engine — the connection pool and migrations ({@link
 * io.modelroute.db.internal.Database}), the embedded PostgreSQL of a data directory, the H2 and
 * PostgreSQL dialects, row helpers, server-wide settings and cross-node cache versions. Not API:
 * used by the stores of the other packages and by the HTTP layer, and may change without notice.
 */
package io.modelroute.db.internal;
