/**
 * Internal: the engine's Micrometer meters (executions, queue, providers, balances), wired by
 * {@link io.modelroute.ModelRoute}. Not API: may change without notice. Library users read the
 * meters from the {@code MeterRegistry} they pass to {@link
 * io.modelroute.ModelRouteConfig.Builder#meterRegistry}.
 */
package io.modelroute.metrics.internal;
