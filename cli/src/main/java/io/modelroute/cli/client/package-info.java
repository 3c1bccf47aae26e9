/**
 * The Java client for the ModelRoute HTTP API (SPEC §2–§9): one {@link
 * io.modelroute.cli.client.ModelRouteClient} per server and key. Its typed views ({@code
 * executions()}, {@code files()}, {@code models()}, {@code billing()}, {@code webhooks()}, {@code
 * apiKeys()}) take and return records; {@link io.modelroute.cli.client.ExecutionsApi#waitFor} and
 * {@link io.modelroute.cli.client.ExecutionsApi#run} follow an execution to its end over its event
 * stream, with polling as the fallback. The JSON methods on the client return bodies verbatim, for
 * the CLI to print. Every failure is one unchecked {@link
 * io.modelroute.cli.client.ModelRouteApiException}; safe requests are retried as the {@link
 * io.modelroute.cli.client.RetryPolicy} says. It has no picocli dependency and can be used on its
 * own (artifact {@code modelroute-cli}); see {@code docs/client.md}.
 */
package io.modelroute.cli.client;
