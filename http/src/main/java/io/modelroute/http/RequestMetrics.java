package io.modelroute.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** {@code http_server_requests_seconds} by method, route template and status. Thread-safe. */
final class RequestMetrics {
  private final MeterRegistry registry;

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(Context ctx, float ms) {
    String route;
    try {
      var endpoint = ctx.endpoints().lastHttpEndpoint();
      route = endpoint == null ? "unmatched" : endpoint.path;
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    Timer.builder("http.server.requests")
        .tag("method", ctx.method().name())
        .tag("route", route)
        .tag("status", Integer.toString(ctx.status().getCode()))
        .publishPercentileHistogram()
        .description("HTTP requests by route and status")
        .register(registry)
        .record(Duration.ofNanos((long) (ms * 1_000_000)));
  }
}
