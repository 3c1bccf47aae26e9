package io.modelroute.execution;

/**
 * What a create answered: the execution and the exact response (status and body) — the stored one
 * when {@code replayed} is true.
 */
public record CreateOutcome(String executionId, int statusCode, String body, boolean replayed) {}
