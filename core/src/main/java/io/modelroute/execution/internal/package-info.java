/**
 * Internal: plumbing of the execution aggregate that other packages of the engine need — the outbox
 * of execution events and its listeners, the webhook URL policy and the typed error of a lost
 * state-transition race. Not API: may change without notice.
 */
package io.modelroute.execution.internal;
