/**
 * A small Java client for the ModelRoute HTTP API (SPEC §4, §5, §7, §8, §9): one {@link
 * io.modelroute.cli.client.ModelRouteClient} per server and key, JSON bodies as Jackson trees,
 * and every failure — an error response or an unreachable server — as one unchecked {@link
 * io.modelroute.cli.client.ModelRouteApiException}. The CLI commands stand on it; it has no
 * picocli dependency and can be used on its own.
 */
package io.modelroute.cli.client;
