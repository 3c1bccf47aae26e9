package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.http.TestHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --dev} on the built jar: the admin API is reachable with the printed token, and the
 * printed console address serves the console, where the printed dev key signs in.
 */
class DevServeIT {
  static final Pattern TOKEN = Pattern.compile("dev admin token: (\\S+)");
  static final Pattern CONSOLE = Pattern.compile("console: (http://\\S+)");
  static final Pattern KEY = Pattern.compile("dev API key: (sk_\\S+)");

  @Test
  void serveDevPrintsAnAdminTokenThatOpensTheAdminApiAndKeepsItAcrossRestarts(@TempDir Path dataDir)
      throws Exception {
    OkHttpClient http = TestHttp.builder().callTimeout(Duration.ofSeconds(10)).build();
    String token;
    try (ServerProcess server = ServerProcess.start(dataDir, ServerProcess.freePort())) {
      token = printedToken(server);
      String log = Files.readString(server.log);
      Matcher console = CONSOLE.matcher(log);
      Matcher key = KEY.matcher(log);
      assertThat(console.find()).as(log).isTrue();
      assertThat(key.find()).as(log).isTrue();
      OkHttpClient browser = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
      try (Response r =
          browser.newCall(new Request.Builder().url(console.group(1)).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("<title>ModelRoute console</title>");
      }
      try (Response r =
          browser
              .newCall(
                  new Request.Builder()
                      .url(server.url() + "/console/session")
                      .post(
                          okhttp3.RequestBody.create(
                              "{\"credential\":\"" + key.group(1) + "\"}",
                              okhttp3.MediaType.get("application/json")))
                      .build())
              .execute()) {
        assertThat(r.code()).as("the printed dev key signs in to the console").isEqualTo(201);
        assertThat(r.header("Set-Cookie")).startsWith("mr_console=").contains("HttpOnly");
      }
      assertThat(token).isEqualTo(Files.readString(dataDir.resolve("dev-admin-token")).strip());
      try (Response r =
          http.newCall(
                  new Request.Builder()
                      .url(server.url() + "/admin/v1/organizations")
                      .header("Authorization", "Bearer " + token)
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("\"dev\"");
      }
      try (Response r =
          http.newCall(
                  new Request.Builder()
                      .url(server.url() + "/admin/v1/organizations")
                      .header("Authorization", "Bearer not-the-token-at-all")
                      .build())
              .execute()) {
        assertThat(r.code()).isEqualTo(401);
      }
    }
    try (ServerProcess again = ServerProcess.start(dataDir, ServerProcess.freePort())) {
      assertThat(printedToken(again)).isEqualTo(token);
    }
  }

  private static String printedToken(ServerProcess server) throws Exception {
    // the banner is printed right after /readyz first answers; read the log until it is there
    for (int i = 0; i < 100; i++) {
      Matcher m = TOKEN.matcher(Files.readString(server.log));
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(100); // polling another process's output; nothing to wait on in-process
    }
    throw new AssertionError("no admin token printed: " + Files.readString(server.log));
  }
}
