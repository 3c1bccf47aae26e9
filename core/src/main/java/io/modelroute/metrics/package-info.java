/** The engine's Micrometer meters: executions, queue, providers, balances. */
package io.modelroute.metrics;
