package io.modelroute.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /api-docs}: Swagger UI (the org.webjars:swagger-ui jar) over this server's {@code
 * /openapi.json}, for reading the API and trying it with a key. Only the few files the page needs
 * are served. Not part of the OpenAPI document itself.
 */
final class ApiDocsRoutes {
  static final String PATH = "/api-docs";
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  /** Our page and initializer, from this jar. */
  private static final Map<String, String> OWN =
      Map.of(
          "index.html",
          "text/html; charset=utf-8",
          "api-docs.js",
          "text/javascript; charset=utf-8");

  /** Swagger UI's files, from its WebJar. */
  private static final Map<String, String> SWAGGER =
      Map.of(
          "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
          "swagger-ui.css", "text/css; charset=utf-8",
          "favicon-32x32.png", "image/png");

  private static final String SWAGGER_ROOT =
      "/META-INF/resources/webjars/swagger-ui/" + swaggerVersion() + "/";

  /** Whether {@code "METHOD /path"} is one of these routes (kept out of the OpenAPI check). */
  static boolean isDocsRoute(String route) {
    return route.substring(route.indexOf(' ') + 1).startsWith(PATH);
  }

  void register(RoutesConfig r) {
    r.get(PATH, ctx -> serve(ctx, "index.html"));
    r.get(PATH + "/{name}", ctx -> serve(ctx, ctx.pathParam("name")));
  }

  private static void serve(Context ctx, String name) {
    String type = OWN.get(name);
    String resource = "/api-docs/" + name;
    if (type == null) {
      type = SWAGGER.get(name);
      resource = SWAGGER_ROOT + name;
    }
    InputStream in = type == null ? null : ApiDocsRoutes.class.getResourceAsStream(resource);
    if (in == null) {
      throw new ModelRouteException(ErrorCode.NOT_FOUND, "No such API docs file");
    }
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "public, max-age=3600");
    try (in) {
      ctx.contentType(type).result(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String swaggerVersion() {
    try (InputStream in =
        ApiDocsRoutes.class.getResourceAsStream(
            "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "missing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
