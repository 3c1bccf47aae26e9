/**
 * Executions: creating them (validation, pricing, hold, idempotency, all in one transaction —
 * group-committed with concurrent creates by {@code SubmitBatcher}), reading and listing them,
 * cancelling, the state machine enforced by conditional updates, the outbox of execution events,
 * and the canonical JSON shapes of executions and results.
 */
package io.modelroute.execution;
