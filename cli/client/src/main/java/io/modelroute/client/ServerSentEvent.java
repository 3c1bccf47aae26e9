package io.modelroute.client;

/**
 * One event of a {@code text/event-stream}: its {@code id:} (or {@code null}), its {@code event:}
 * type ({@code message} when absent) and its {@code data:} lines joined with newlines.
 */
record ServerSentEvent(String id, String event, String data) {}
