package io.modelroute.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.ApiKeyService;
import io.modelroute.auth.ConsoleSessions;
import io.modelroute.auth.Permission;
import io.modelroute.db.internal.Dialect;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in session over a real server on a random port: the cookie, CSRF, the
 * Content-Security-Policy, expiry and organization isolation. {@code /v1} calls go through the
 * validating client ({@link TestHttp}); the console's own routes are not in the OpenAPI document.
 */
class ConsoleSessionTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final String ADMIN = "admin-token-console-1234";
  static TestEngine engine;
  static ModelRouteServer server;
  static OkHttpClient api;
  static OkHttpClient console;
  static String base;
  static String keyA;
  static String keyB;

  @BeforeAll
  static void start() {
    engine = TestEngine.withDefaultCatalog(Dialect.H2);
    server =
        new ModelRouteServer(engine.modelRoute, ServerConfig.defaults(0).withAdminToken(ADMIN))
            .start();
    api = TestHttp.client();
    console =
        new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(30))
            .followRedirects(false)
            .build();
    base = "http://localhost:" + server.port();
    keyA = engine.modelRoute.organizations().create("org-a", Money.parse("25.00")).key().secret();
    keyB = engine.modelRoute.organizations().create("org-b", Money.parse("25.00")).key().secret();
  }

  @AfterAll
  static void stop() {
    server.stop();
    engine.close();
  }

  record Reply(int status, JsonNode body, Response raw) {}

  /** A signed-in browser: the session cookie and the CSRF token the sign-in answered. */
  record Browser(String cookie, String csrf, Reply signIn) {}

  static Reply send(OkHttpClient client, Request.Builder b) throws IOException {
    try (Response r = client.newCall(b.build()).execute()) {
      String text = r.body().string();
      String type = r.header("Content-Type", "");
      return new Reply(
          r.code(),
          type.startsWith("application/json") && !text.isEmpty() ? Json.readTree(text) : null,
          r);
    }
  }

  static Browser signIn(String credential, String... headers) throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url(base + "/console/session")
            .post(RequestBody.create("{\"credential\":\"" + credential + "\"}", JSON));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    Reply r = send(console, b);
    String setCookie = r.raw().header("Set-Cookie");
    String cookie = setCookie == null ? null : setCookie.substring(0, setCookie.indexOf(';'));
    return new Browser(
        cookie, r.body() == null ? null : r.body().path("csrf_token").asText(null), r);
  }

  static Request.Builder v1(Browser browser, String path) {
    return new Request.Builder().url(base + path).header("Cookie", browser.cookie());
  }

  static Reply createExecution(Request.Builder b) throws IOException {
    return send(
        api,
        b.post(
            RequestBody.create(
                "{\"model\":\"flux-1.1-pro\",\"input\":{\"prompt\":\"a cat\"}}", JSON)));
  }

  static void assertError(Reply r, int status, String code) {
    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(status);
    assertThat(r.body().path("error").path("code").asText()).isEqualTo(code);
    assertThat(r.body().path("error").path("request_id").asText()).startsWith("req_");
    assertThat(r.body().path("error").has("retryable")).isTrue();
  }

  @Test
  void signingInWithAKeySetsAnHttpOnlyStrictExpiringCookieAndNeverEchoesTheKey()
      throws IOException {
    Browser b = signIn(keyA);

    assertThat(b.signIn().status()).isEqualTo(201);
    String setCookie = b.signIn().raw().header("Set-Cookie");
    assertThat(setCookie)
        .startsWith("mr_console=")
        .contains(
            "; HttpOnly",
            "; SameSite=Strict",
            "; Path=/",
            "; Max-Age=" + ConsoleSessions.TTL.toSeconds())
        .doesNotContain("Secure");
    assertThat(b.signIn().body().path("kind").asText()).isEqualTo("tenant");
    assertThat(b.signIn().body().path("permission").asText()).isEqualTo("FULL");
    assertThat(b.csrf()).hasSizeGreaterThan(20);
    assertThat(b.signIn().body().toString()).doesNotContain(keyA);
    assertThat(setCookie).doesNotContain(keyA);
  }

  @Test
  void theCookieIsSecureWhenTheBrowserCameOverHttps() throws IOException {
    Browser b = signIn(keyA, "X-Forwarded-Proto", "https");

    assertThat(b.signIn().raw().header("Set-Cookie"))
        .contains("; Secure", "; HttpOnly", "; SameSite=Strict");
  }

  @Test
  void aWrongKeyOpensNoSession() throws IOException {
    Browser b = signIn("sk_wrong");

    assertError(b.signIn(), 401, "UNAUTHORIZED");
    assertThat(b.cookie()).isNull();
  }

  @Test
  void theSessionCookieReadsTheApiAndWritesOnlyWithTheCsrfToken() throws IOException {
    Browser b = signIn(keyA);

    assertThat(send(api, v1(b, "/v1/executions")).status()).isEqualTo(200);
    Reply withoutToken =
        createExecution(v1(b, "/v1/executions").header("Origin", "https://evil.example"));
    assertError(withoutToken, 403, "FORBIDDEN");
    assertThat(withoutToken.body().at("/error/message").asText()).contains("CSRF");
    assertError(
        createExecution(v1(b, "/v1/executions").header("X-CSRF-Token", "guessed")),
        403,
        "FORBIDDEN");
    assertThat(createExecution(v1(b, "/v1/executions").header("X-CSRF-Token", b.csrf())).status())
        .isEqualTo(202);
  }

  @Test
  void aSignInPostedFromAnotherSiteIsRefused() throws IOException {
    Browser b = signIn(keyA, "Origin", "https://evil.example");

    assertError(b.signIn(), 403, "FORBIDDEN");
    assertThat(b.cookie()).isNull();
  }

  @Test
  void oneOrganizationsSessionCannotOpenAnothersExecution() throws IOException {
    Reply created =
        createExecution(
            new Request.Builder()
                .url(base + "/v1/executions")
                .header("Authorization", "Bearer " + keyB));
    String id = created.body().path("id").asText();
    Browser a = signIn(keyA);

    assertError(send(api, v1(a, "/v1/executions/" + id)), 404, "NOT_FOUND");
    assertThat(send(api, v1(signIn(keyB), "/v1/executions/" + id)).status()).isEqualTo(200);
  }

  @Test
  void theSessionExpiresAfterItsLifetime() throws IOException {
    Browser b = signIn(keyA);
    assertThat(send(api, v1(b, "/v1/executions")).status()).isEqualTo(200);

    engine.clock.advance(ConsoleSessions.TTL);

    assertError(send(api, v1(b, "/v1/executions")), 401, "UNAUTHORIZED");
    assertError(
        send(
            console,
            new Request.Builder().url(base + "/console/session").header("Cookie", b.cookie())),
        401,
        "UNAUTHORIZED");
  }

  @Test
  void aRevokedKeyEndsItsSessionAtOnceAndARotatedOneWhenItsGraceHourEnds() throws IOException {
    String orgA = engine.modelRoute.apiKeys().authenticate(keyA).orgId();
    var revoked = engine.modelRoute.apiKeys().create(orgA, "to revoke", Permission.FULL);
    var rotated = engine.modelRoute.apiKeys().create(orgA, "to rotate", Permission.FULL);
    Browser withRevoked = signIn(revoked.secret());
    Browser withRotated = signIn(rotated.secret());

    engine.modelRoute.apiKeys().revoke(orgA, revoked.key().id());
    engine.modelRoute.apiKeys().rotate(orgA, rotated.key().id());

    assertError(send(api, v1(withRevoked, "/v1/executions")), 401, "UNAUTHORIZED");
    assertThat(send(api, v1(withRotated, "/v1/executions")).status())
        .as("the old secret's grace hour")
        .isEqualTo(200);
    engine.clock.advance(ApiKeyService.ROTATION_GRACE);
    assertError(send(api, v1(withRotated, "/v1/executions")), 401, "UNAUTHORIZED");
  }

  @Test
  void theDatabaseHoldsNeitherTheCookieNorTheKey() throws IOException {
    Browser b = signIn(keyA);
    String cookieValue = b.cookie().substring(b.cookie().indexOf('=') + 1);

    java.util.List<java.util.Map<String, Object>> rows =
        engine
            .modelRoute
            .database()
            .jdbi()
            .withHandle(h -> h.createQuery("SELECT * FROM console_sessions").mapToMap().list());

    assertThat(rows).isNotEmpty();
    assertThat(rows.toString()).doesNotContain(cookieValue, keyA);
  }

  @Test
  void signingOutNeedsTheCsrfTokenAndEndsTheSession() throws IOException {
    Browser b = signIn(keyA);
    Request.Builder out =
        new Request.Builder().url(base + "/console/session").header("Cookie", b.cookie()).delete();

    assertError(send(console, out), 403, "FORBIDDEN");
    Reply signedOut = send(console, out.header("X-CSRF-Token", b.csrf()));

    assertThat(signedOut.status()).isEqualTo(204);
    assertThat(signedOut.raw().header("Set-Cookie"))
        .startsWith("mr_console=;")
        .contains("Max-Age=0");
    assertError(send(api, v1(b, "/v1/executions")), 401, "UNAUTHORIZED");
  }

  @Test
  void theAdminTokenOpensAnOperatorSessionForTheAdminRoutesOnly() throws IOException {
    Browser op = signIn(ADMIN);
    Browser tenant = signIn(keyA);

    assertThat(op.signIn().body().path("kind").asText()).isEqualTo("operator");
    assertThat(send(api, v1(op, "/admin/v1/organizations")).status()).isEqualTo(200);
    assertError(send(api, v1(op, "/v1/executions")), 401, "UNAUTHORIZED");
    assertError(send(api, v1(tenant, "/admin/v1/organizations")), 401, "UNAUTHORIZED");
  }

  @Test
  void consolePagesCarryAStrictContentSecurityPolicyAndNoInlineScript() throws IOException {
    Reply page = send(console, new Request.Builder().url(base + "/console/"));
    String html;
    try (Response r =
        console.newCall(new Request.Builder().url(base + "/console/").build()).execute()) {
      html = r.body().string();
    }

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().header("Content-Type")).startsWith("text/html");
    String csp = page.raw().header("Content-Security-Policy");
    assertThat(csp)
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    assertThat(page.raw().header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(html)
        .containsPattern("<script type=\"module\" src=\"/console/assets/app.js\"></script>")
        .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
        .doesNotContain("onclick=", "onload=", "style=");
    Reply js = send(console, new Request.Builder().url(base + "/console/assets/app.js"));
    assertThat(js.raw().header("Content-Type")).startsWith("text/javascript");
    assertThat(js.raw().header("Content-Security-Policy")).isEqualTo(csp);
    assertThat(send(console, new Request.Builder().url(base + "/console")).status()).isEqualTo(200);
    assertError(
        send(console, new Request.Builder().url(base + "/console/assets/..%2Fsecret")),
        404,
        "NOT_FOUND");
    assertError(
        send(console, new Request.Builder().url(base + "/console/assets/App.class")),
        404,
        "NOT_FOUND");
    assertError(
        send(console, new Request.Builder().url(base + "/console/assets/missing.js")),
        404,
        "NOT_FOUND");
  }

  @Test
  void theConsoleScriptsWriteUserStringsAsTextOnly() throws IOException {
    List<String> scripts;
    try (var files =
        java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/console"))) {
      scripts =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".js"))
              .sorted()
              .toList();
    }
    assertThat(scripts).contains("app.js", "api.js", "dom.js", "executions.js");
    for (String name : scripts) {
      String js;
      try (Response r =
          console
              .newCall(new Request.Builder().url(base + "/console/assets/" + name).build())
              .execute()) {
        assertThat(r.code()).as(name).isEqualTo(200);
        js = r.body().string();
      }
      assertThat(js)
          .as(name)
          .doesNotContain(
              "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    }
  }
}
