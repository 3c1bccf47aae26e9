package io.modelroute.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.modelroute.ErrorCode;
import io.modelroute.Ids;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.Principal;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ModelRoute HTTP API on Javalin. Construct with a started {@link ModelRoute}, then
 * {@link #start()}; {@link #stop()} stops accepting and lets in-flight requests finish.
 * Thread-safe.
 */
public final class ModelRouteServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.modelroute.http.access");

  private final ModelRoute modelRoute;
  private final ServerConfig config;
  private final RateLimiter rateLimiter;
  private final Javalin app;

  public ModelRouteServer(ModelRoute modelRoute, ServerConfig config) {
    this.modelRoute = Objects.requireNonNull(modelRoute, "modelRoute");
    this.config = Objects.requireNonNull(config, "config");
    this.rateLimiter = new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst());
    this.app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.http.prefer405over404 = true;
      c.http.maxRequestSize = config.maxJsonBodyBytes();
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      c.jetty.modifyServer(server -> server.setStopTimeout(10_000));
      c.requestLogger.http((ctx, ms) -> LOG.info("{} {} {} {} {}ms",
          Requests.requestId(ctx), ctx.method(), ctx.path(), ctx.status().getCode(), Math.round(ms)));
      var r = c.routes;
      r.before(ctx -> {
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
      r.get("/healthz", ctx -> Requests.json(ctx, 200, "{\"status\":\"ok\"}"));
      r.get("/readyz", ctx -> {
        if (!modelRoute.isReady()) {
          throw new ModelRouteException(ErrorCode.SERVICE_UNAVAILABLE, "Not ready: database or workers unavailable");
        }
        Requests.json(ctx, 200, "{\"status\":\"ready\"}");
      });
      long max = config.maxJsonBodyBytes();
      new ExecutionRoutes(modelRoute.executions(), max).register(r);
      new AccountRoutes(modelRoute.apiKeys(), modelRoute.billing(), max).register(r);
      new CatalogRoutes(modelRoute.catalog()).register(r);
      new FileRoutes(modelRoute.files()).register(r);
      new WebhookRoutes(modelRoute.webhooks(), max).register(r);
      if (config.adminToken() != null) {
        new AdminRoutes(modelRoute, config.adminToken(), max).register(r);
      }
    });
  }

  /** Authenticates {@code /v1} requests and applies the per-key rate limit with its headers. */
  private void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    Principal principal = null;
    ModelRouteException failure = null;
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      failure = new ModelRouteException(ErrorCode.UNAUTHORIZED, "Missing API key: send Authorization: Bearer sk_…");
    } else {
      try {
        principal = modelRoute.apiKeys().authenticate(header.substring(7).trim());
      } catch (ModelRouteException e) {
        failure = e;
      }
    }
    RateLimiter.Decision d = rateLimiter.take(principal != null ? principal.keyId() : "ip:" + ctx.ip());
    ctx.header("X-RateLimit-Limit", Integer.toString(d.limit()));
    ctx.header("X-RateLimit-Remaining", Integer.toString(d.remaining()));
    ctx.header("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
    if (!d.allowed()) {
      throw ModelRouteException.rateLimited(d.retryAfterSeconds());
    }
    if (failure != null) {
      throw failure;
    }
    ctx.attribute(Requests.PRINCIPAL, principal);
  }

  /** Starts listening; returns this. */
  public ModelRouteServer start() {
    app.start();
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
  }

  @Override
  public void close() {
    stop();
  }
}
