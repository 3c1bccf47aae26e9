package io.modelroute.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelroute.ErrorCode;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.Principal;
import io.modelroute.internal.Ids;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ModelRoute HTTP API on Javalin. Construct with a started {@link ModelRoute}, then {@link
 * #start()}; {@link #stop()} stops accepting and lets in-flight requests finish. Thread-safe.
 */
public final class ModelRouteServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.modelroute.http.access");

  /**
   * Connections the kernel may hold for the acceptor (listen backlog; capped by
   * net.core.somaxconn).
   */
  static final int ACCEPT_QUEUE = 4096;

  private final ModelRoute modelRoute;
  private final ServerConfig config;
  private final RateLimiter rateLimiter;
  private final Javalin app;
  private final PrometheusMeterRegistry prometheus;
  private final ConsoleRoutes console;

  /** Syncs the rate limit with the cluster's shared buckets; null on one node. */
  private java.util.concurrent.ScheduledExecutorService rateSync;

  /**
   * The Prometheus registry to scrape: the engine's own if it is one, a child added to the engine's
   * composite registry (the default), or else a separate one for HTTP meters only.
   */
  private static PrometheusMeterRegistry prometheus(MeterRegistry engine) {
    if (engine instanceof PrometheusMeterRegistry p) {
      return p;
    }
    if (engine instanceof CompositeMeterRegistry composite) {
      for (MeterRegistry child : composite.getRegistries()) {
        if (child instanceof PrometheusMeterRegistry p) {
          return p;
        }
      }
      PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      composite.add(p);
      return p;
    }
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public ModelRouteServer(ModelRoute modelRoute, ServerConfig config) {
    this.modelRoute = Objects.requireNonNull(modelRoute, "modelRoute");
    this.config = Objects.requireNonNull(config, "config");
    this.rateLimiter =
        new RateLimiter(
            config.rateLimitPerSecond(),
            config.rateLimitBurst(),
            System::nanoTime,
            modelRoute.cluster());
    this.prometheus = prometheus(modelRoute.metrics().registry());
    new JvmThreadMetrics().bindTo(prometheus);
    new JvmMemoryMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    var requests = new RequestMetrics(prometheus);
    this.console =
        new ConsoleRoutes(
            modelRoute.consoleSessions(), config.adminToken(), config.maxJsonBodyBytes());
    this.app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.http.prefer405over404 = true;
              c.http.maxRequestSize = config.maxJsonBodyBytes();
              c.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector connector =
                        new ServerConnector(server, new HttpConnectionFactory(http));
                    connector.setHost(config.host());
                    connector.setPort(config.port());
                    // the listen backlog: Java's default is 50, and connections arriving faster
                    // than the acceptor
                    // takes them overflow it (10,000 parked SYNC clients connecting at once lost
                    // 8–14 % of their
                    // connections); the kernel caps this at net.core.somaxconn
                    connector.setAcceptQueueSize(ACCEPT_QUEUE);
                    connector.addBean(
                        new ConnectionGuard(config.headerTimeout(), config.maxConnectionsPerIp()));
                    return connector;
                  });
              c.jetty.modifyServer(
                  server -> {
                    server.setStopTimeout(10_000);
                    server.setErrorHandler(new JettyErrors());
                  });
              c.jetty.modifyServletContextHandler(
                  context -> context.setErrorHandler(new JettyErrors()));
              c.requestLogger.http(
                  (ctx, ms) -> {
                    LOG.info(
                        "{} {} {} {} {}ms",
                        Requests.requestId(ctx),
                        ctx.method(),
                        ProviderCallbackRoutes.loggable(FileRoutes.loggable(ctx.path())),
                        ctx.status().getCode(),
                        Math.round(ms));
                    requests.record(ctx, ms);
                  });
              var r = c.routes;
              r.before(
                  ctx -> {
                    String id = Ids.request();
                    ctx.attribute(Requests.REQUEST_ID, id);
                    ctx.header("X-Request-Id", id);
                  });
              r.before("/v1/*", this::authenticate);
              r.exception(ModelRouteException.class, (e, ctx) -> ErrorResponses.write(ctx, e));
              r.exception(Exception.class, (e, ctx) -> ErrorResponses.unexpected(ctx, e));
              for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
                r.error(status, ErrorResponses::forStatus);
              }
              OpenApiDocument openApi = OpenApiDocument.load();
              r.get("/openapi.json", ctx -> Requests.json(ctx, 200, openApi.json()));
              r.get(
                  "/openapi.yaml",
                  ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openApi.yaml()));
              r.get("/healthz", ctx -> Requests.json(ctx, 200, "{\"status\":\"ok\"}"));
              r.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(prometheus.scrape()));
              r.get(
                  "/readyz",
                  ctx -> {
                    if (!modelRoute.isReady()) {
                      throw new ModelRouteException(
                          ErrorCode.SERVICE_UNAVAILABLE,
                          "Not ready: database or workers unavailable");
                    }
                    Requests.json(ctx, 200, "{\"status\":\"ready\"}");
                  });
              long max = config.maxJsonBodyBytes();
              new ExecutionRoutes(modelRoute.executions(), modelRoute.watch(), max).register(r);
              new AccountRoutes(modelRoute.apiKeys(), modelRoute.billing(), max).register(r);
              new CatalogRoutes(modelRoute.catalog()).register(r);
              new ProviderCallbackRoutes(modelRoute.dispatcher()).register(r);
              new FileRoutes(modelRoute.files(), max, modelRoute.config().publicUrl()).register(r);
              new WebhookRoutes(modelRoute.webhooks(), max).register(r);
              if (config.adminToken() != null) {
                new AdminRoutes(modelRoute, config.adminToken(), max, console).register(r);
              }
              console.register(r);
              new ApiDocsRoutes().register(r);
            });
  }

  /**
   * Authenticates {@code /v1} requests and applies the per-key rate limit with its headers. Signed
   * file URLs carry their own authority (checked by their routes) and are limited per client
   * address.
   */
  private void authenticate(Context ctx) {
    if (FileRoutes.isSignedUrl(ctx.path()) || ProviderCallbackRoutes.isCallback(ctx.path())) {
      limit(ctx, "ip:" + ctx.ip());
      return;
    }
    String header = ctx.header("Authorization");
    Principal principal = null;
    ModelRouteException failure = null;
    if (header == null
        && ctx.cookie(ConsoleRoutes.COOKIE) != null) { // a console page (CSRF-checked)
      try {
        principal = console.tenant(console.fromCookie(ctx).orElseThrow());
      } catch (ModelRouteException e) {
        failure = e;
      }
    } else if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      failure =
          new ModelRouteException(
              ErrorCode.UNAUTHORIZED, "Missing API key: send Authorization: Bearer sk_…");
    } else {
      try {
        principal = modelRoute.apiKeys().authenticate(header.substring(7).trim());
      } catch (ModelRouteException e) {
        failure = e;
      }
    }
    limit(ctx, principal != null ? principal.keyId() : "ip:" + ctx.ip());
    if (failure != null) {
      throw failure;
    }
    ctx.attribute(Requests.PRINCIPAL, principal);
  }

  private void limit(Context ctx, String bucket) {
    RateLimiter.Decision d = rateLimiter.take(bucket);
    ctx.header("X-RateLimit-Limit", Integer.toString(d.limit()));
    ctx.header("X-RateLimit-Remaining", Integer.toString(d.remaining()));
    ctx.header("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
    if (!d.allowed()) {
      throw ModelRouteException.rateLimited(d.retryAfterSeconds());
    }
  }

  /** Every registered route as {@code "METHOD /path"}, for the OpenAPI check. */
  List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> p.endpoint.method.name() + " " + p.endpoint.path)
        .filter(r -> !r.startsWith("BEFORE") && !r.startsWith("AFTER"))
        .filter(
            r ->
                !ConsoleRoutes.isConsoleRoute(r)) // the console's pages and session are not the API
        .filter(r -> !ApiDocsRoutes.isDocsRoute(r)) // nor is the page that shows the API
        .distinct()
        .toList();
  }

  /** Starts listening; returns this. */
  public ModelRouteServer start() {
    app.start();
    modelRoute
        .cluster()
        .start(); // a node serving HTTP without workers is a member too (no-op if workers run)
    if (rateLimiter.shared()) {
      rateSync =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "modelroute-rate-sync");
                t.setDaemon(true);
                return t;
              });
      long every = RateLimiter.SYNC_INTERVAL.toMillis();
      rateSync.scheduleWithFixedDelay(
          () -> {
            try {
              rateLimiter.sync();
            } catch (RuntimeException e) { // a failed run must not cancel the following ones
              LOG.warn("rate limit sync failed", e);
            }
          },
          every,
          every,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    LOG.info("ModelRoute API listening on http://{}:{}", config.host(), app.port());
    return this;
  }

  /** The port the server listens on (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** Stops accepting connections and waits for in-flight requests (up to 10 s). */
  public void stop() {
    app.stop();
    if (rateSync != null) {
      rateSync.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
