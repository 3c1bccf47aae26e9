/**
 * The dispatcher: claims due executions with leases, runs them against providers on a bounded pool,
 * retries and fails over between routes, settles them, and expires the overdue. Several nodes share
 * one database safely.
 */
package io.modelroute.worker;
