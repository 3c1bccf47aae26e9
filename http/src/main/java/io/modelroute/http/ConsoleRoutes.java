package io.modelroute.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.ConsoleSessions;
import io.modelroute.auth.Principal;
import io.modelroute.execution.ExecutionJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console (issue 13): its static pages under {@code /console} (plain HTML, CSS and ES
 * modules from the jar) and its session routes. Signing in exchanges an API key or the admin token
 * for an HttpOnly, SameSite=Strict session cookie; the pages then call {@code /v1} (and {@code
 * /admin/v1}) with that cookie, and every state-changing call must also send the session's CSRF
 * token as {@code X-CSRF-Token} ({@link #fromCookie}). Every console response carries a strict
 * Content-Security-Policy. These routes are not part of the OpenAPI document (docs/console.md).
 */
final class ConsoleRoutes {
  static final String COOKIE = "mr_console";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
          + "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
          + "form-action 'self'";

  /**
   * The console's files (in {@code /console/} on the classpath), by name: lower-case words, one
   * extension.
   */
  private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]*\\.(html|css|js)");

  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "js",
          "text/javascript; charset=utf-8");

  private final ConsoleSessions sessions;
  private final byte[] adminToken;
  private final long maxBody;

  ConsoleRoutes(ConsoleSessions sessions, String adminToken, long maxBody) {
    this.sessions = sessions;
    this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    this.maxBody = maxBody;
  }

  /** Whether {@code "METHOD /path"} is a console route (kept out of the OpenAPI check). */
  static boolean isConsoleRoute(String route) {
    return route.substring(route.indexOf(' ') + 1).startsWith("/console");
  }

  void register(RoutesConfig r) {
    r.before(
        ctx -> {
          if (ctx.path().equals("/console") || ctx.path().startsWith("/console/")) {
            ctx.header("Content-Security-Policy", CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Cache-Control", "no-store");
          }
        });
    r.get(
        "/console",
        ctx -> asset(ctx, "index.html")); // and /console/ (Javalin ignores a trailing slash)
    r.get("/console/assets/{name}", ctx -> asset(ctx, ctx.pathParam("name")));
    r.post("/console/session", this::signIn);
    r.get("/console/session", ctx -> Requests.json(ctx, 200, sessionJson(current(ctx))));
    r.delete("/console/session", this::signOut);
  }

  private static void asset(Context ctx, String name) {
    Matcher m = ASSET.matcher(name);
    String type = m.matches() ? TYPES.get(m.group(1)) : null;
    InputStream in =
        type == null ? null : ConsoleRoutes.class.getResourceAsStream("/console/" + name);
    if (in == null) {
      throw new ModelRouteException(ErrorCode.NOT_FOUND, "No such console file");
    }
    try (in) {
      ctx.contentType(type).result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code POST /console/session} with {@code {"credential": "sk_…" | admin token}}. */
  private void signIn(Context ctx) {
    requireSameOrigin(ctx);
    ObjectNode body = Requests.jsonObject(ctx, maxBody);
    Requests.onlyFields(body, Set.of("credential"));
    String credential = Requests.requiredString(body, "credential").trim();
    ConsoleSessions.Session session =
        adminToken != null
                && MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8), adminToken)
            ? sessions.openOperator()
            : sessions.openTenant(credential); // 401 for an unknown or revoked key
    ctx.header(
        "Set-Cookie",
        COOKIE
            + "="
            + session.id()
            + "; Path=/; Max-Age="
            + ConsoleSessions.TTL.toSeconds()
            + "; HttpOnly; SameSite=Strict"
            + (secure(ctx) ? "; Secure" : ""));
    Requests.json(ctx, 201, sessionJson(session));
  }

  /** {@code DELETE /console/session}: signs out (CSRF token required) and clears the cookie. */
  private void signOut(Context ctx) {
    ConsoleSessions.Session s = current(ctx);
    requireCsrf(ctx, s);
    sessions.close(s.id());
    ctx.header(
        "Set-Cookie",
        COOKIE
            + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
            + (secure(ctx) ? "; Secure" : ""));
    ctx.status(204);
  }

  private Map<String, Object> sessionJson(ConsoleSessions.Session s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
    if (s.kind() == ConsoleSessions.Kind.TENANT) {
      Principal p = sessions.principal(s);
      m.put("organization_id", p.orgId());
      m.put("key_id", p.keyId());
      m.put("permission", p.permission().name());
    }
    m.put("csrf_token", s.csrfToken());
    m.put("expires_at", ExecutionJson.instant(s.expiresAt()));
    return m;
  }

  private ConsoleSessions.Session current(Context ctx) {
    return sessions
        .find(ctx.cookie(COOKIE))
        .orElseThrow(
            () ->
                new ModelRouteException(
                    ErrorCode.UNAUTHORIZED, "Not signed in, or the session expired"));
  }

  /** The session of a request that carries the console cookie; empty without one. */
  Optional<ConsoleSessions.Session> fromCookie(Context ctx) {
    String id = ctx.cookie(COOKIE);
    if (id == null) {
      return Optional.empty();
    }
    ConsoleSessions.Session s =
        sessions
            .find(id)
            .orElseThrow(
                () ->
                    new ModelRouteException(
                        ErrorCode.UNAUTHORIZED, "The console session expired: sign in again"));
    if (!safe(ctx.method().name())) {
      requireCsrf(ctx, s);
    }
    return Optional.of(s);
  }

  /** The principal of a tenant session, its key re-checked (a revoked key ends the session). */
  Principal tenant(ConsoleSessions.Session s) {
    if (s.kind() != ConsoleSessions.Kind.TENANT) {
      throw new ModelRouteException(
          ErrorCode.UNAUTHORIZED,
          "An operator session has no organization: sign in with an API key");
    }
    return sessions.principal(s);
  }

  private static boolean safe(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  private static void requireCsrf(Context ctx, ConsoleSessions.Session s) {
    if (!s.csrfMatches(ctx.header(CSRF_HEADER))) {
      throw new ModelRouteException(
          ErrorCode.FORBIDDEN, "Missing or wrong CSRF token: send the session's X-CSRF-Token");
    }
  }

  /**
   * Refuses a sign-in posted from another site (login CSRF): its Origin, when sent, must be this
   * host.
   */
  private static void requireSameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String host = ctx.header("Host");
    String originHost;
    try {
      URI u = URI.create(origin);
      originHost = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      originHost = null;
    }
    if (host == null || originHost == null || !originHost.equalsIgnoreCase(host)) {
      throw new ModelRouteException(ErrorCode.FORBIDDEN, "Cross-site sign-in refused");
    }
  }

  /** Whether the browser reached us over https (directly or through a proxy that says so). */
  private static boolean secure(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }
}
