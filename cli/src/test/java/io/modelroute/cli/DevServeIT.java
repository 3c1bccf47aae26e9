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

/** {@code serve --dev} on the built jar: the admin API is reachable with the printed token. */
class DevServeIT {
  static final Pattern TOKEN = Pattern.compile("dev admin token: (\\S+)");

  @Test
  void serveDevPrintsAnAdminTokenThatOpensTheAdminApiAndKeepsItAcrossRestarts(@TempDir Path dataDir) throws Exception {
    OkHttpClient http = TestHttp.builder().callTimeout(Duration.ofSeconds(10)).build();
    String token;
    try (ServerProcess server = ServerProcess.start(dataDir, ServerProcess.freePort())) {
      token = printedToken(server);
      assertThat(token).isEqualTo(Files.readString(dataDir.resolve("dev-admin-token")).strip());
      try (Response r = http.newCall(new Request.Builder().url(server.url() + "/admin/v1/organizations")
          .header("Authorization", "Bearer " + token).build()).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).contains("\"dev\"");
      }
      try (Response r = http.newCall(new Request.Builder().url(server.url() + "/admin/v1/organizations")
          .header("Authorization", "Bearer not-the-token-at-all").build()).execute()) {
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
