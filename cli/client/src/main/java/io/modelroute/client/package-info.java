/**
 * The Java client for the ModelRoute HTTP API (docs/http-api.md): one {@link
 * io.modelroute.client.ModelRouteClient} per server and key. Its typed views ({@code executions()},
 * {@code files()}, {@code models()}, {@code billing()}, {@code webhooks()}, {@code apiKeys()}) take
 * and return the wire records of {@code io.modelroute.api} (artifact {@code modelroute-api}), the
 * same records the server writes its answers through; {@link
 * io.modelroute.client.ExecutionsApi#waitFor} and {@link io.modelroute.client.ExecutionsApi#run}
 * follow an execution to its end over its event stream, with polling as the fallback. The JSON
 * methods on the client return bodies verbatim, for the CLI to print. Every failure is one
 * unchecked {@link io.modelroute.client.ModelRouteApiException}; safe requests are retried as the
 * {@link io.modelroute.client.RetryPolicy} says. The artifact {@code
 * io.modelroute:modelroute-client} depends on OkHttp, Jackson and {@code modelroute-api} only (the
 * build enforces it), and can take the caller's own {@code OkHttpClient} ({@link
 * io.modelroute.client.ModelRouteClient.Builder#httpClient}); see docs/java-client.md.
 */
package io.modelroute.client;
