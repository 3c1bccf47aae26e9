package io.modelroute.execution;

/**
 * What a create answered: the execution and the exact response (status and body) — the stored one
 * when {@code replayed} is true. Returned by {@link ExecutionService#create}. Immutable.
 *
 * @param executionId the new (or replayed) execution's id
 * @param statusCode the HTTP status of the answer, e.g. 202, or 200 for a SYNC result
 * @param body the answer's JSON body
 * @param replayed whether an earlier request with the same idempotency key answered this
 */
public record CreateOutcome(String executionId, int statusCode, String body, boolean replayed) {}
