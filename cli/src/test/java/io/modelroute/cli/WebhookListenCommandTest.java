package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.client.FakeTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code modelroute webhooks listen}: a real local receiver, fed deliveries signed as
 * docs/webhooks.md says.
 */
class WebhookListenCommandTest {
  static final String SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
  static final String COMPLETED =
      "{\"id\":\"evt_1\",\"event_type\":\"execution.completed\",\"type\":\"execution.completed\","
          + "\"timestamp\":\"2026-03-20T10:32:15Z\",\"version\":\"1.0\",\"organization_id\":\"org_a1b2c3d4\","
          + "\"execution_id\":\"exec_1\",\"data\":{\"id\":\"exec_1\",\"status\":\"COMPLETED\"}}";

  final ExecutorService pool = Executors.newSingleThreadExecutor();
  final OkHttpClient http = new OkHttpClient();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /**
   * A writer the test can read while the command runs; opens {@code ready} once the listen line is
   * out.
   */
  static final class WatchedWriter extends Writer {
    final StringBuffer text = new StringBuffer();
    final CountDownLatch ready = new CountDownLatch(1);

    @Override
    public void write(char[] cbuf, int off, int len) {
      text.append(cbuf, off, len);
      if (text.indexOf("listening on ") >= 0) {
        ready.countDown();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  static Map<String, String> signed(String secret, String id, String body, long ts)
      throws Exception {
    Mac legacy = Mac.getInstance("HmacSHA256");
    legacy.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    Mac standard = Mac.getInstance("HmacSHA256");
    standard.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    Map<String, String> h = new HashMap<>();
    h.put("X-Signature-Timestamp", Long.toString(ts));
    h.put(
        "X-Signature",
        HexFormat.of()
            .formatHex(legacy.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8))));
    h.put("webhook-id", id);
    h.put("webhook-timestamp", Long.toString(ts));
    h.put(
        "webhook-signature",
        "v1,"
            + Base64.getEncoder()
                .encodeToString(
                    standard.doFinal(
                        (id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8))));
    return h;
  }

  int post(int port, String body, Map<String, String> headers) throws Exception {
    Request.Builder b =
        new Request.Builder()
            .url("http://127.0.0.1:" + port + "/hooks")
            .post(
                RequestBody.create(
                    body.getBytes(StandardCharsets.UTF_8), MediaType.get("application/json")));
    headers.forEach(b::header);
    try (Response r = http.newCall(b.build()).execute()) {
      return r.code();
    }
  }

  @Test
  void verifiedDeliveriesArePrintedAndAnswered200AndForgedOnesGet401() throws Exception {
    WatchedWriter out = new WatchedWriter();
    StringWriter err = new StringWriter();
    CliEnvironment env = new CliEnvironment(Map.of(), new FakeTime().clock, new FakeTime(), false);
    Future<Integer> run =
        pool.submit(
            () ->
                Main.run(
                    env,
                    new PrintWriter(out),
                    new PrintWriter(err),
                    "webhooks",
                    "listen",
                    "--port",
                    "0",
                    "--secret",
                    SECRET,
                    "--max-events",
                    "2"));
    assertThat(out.ready.await(30, TimeUnit.SECONDS)).isTrue();
    Matcher m = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/").matcher(out.text);
    assertThat(m.find()).isTrue();
    int port = Integer.parseInt(m.group(1));
    long now = Instant.now().getEpochSecond();

    assertThat(post(port, COMPLETED, signed(SECRET, "evt_1", COMPLETED, now))).isEqualTo(200);
    Map<String, String> forged =
        signed(
            "whsec_" + Base64.getEncoder().encodeToString(new byte[32]), "evt_2", COMPLETED, now);
    assertThat(post(port, COMPLETED, forged)).isEqualTo(401);
    assertThat(post(port, COMPLETED, signed(SECRET, "evt_1", COMPLETED, now - 3600)))
        .as("replayed")
        .isEqualTo(401);
    assertThat(post(port, COMPLETED, Map.of())).isEqualTo(401);
    String test =
        "{\"id\":\"evt_3\",\"event_type\":\"webhook.test\",\"execution_id\":null,\"data\":{}}";
    assertThat(post(port, test, signed(SECRET, "evt_3", test, now))).isEqualTo(200);

    assertThat(run.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.text.toString())
        .matches(
            "(?s)listening on .*\n"
                + "\\S+Z  execution\\.completed  exec_1  COMPLETED  evt_1\n"
                + "\\S+Z  webhook\\.test  -  -  evt_3\n");
    assertThat(err.toString())
        .contains("rejected delivery from 127.0.0.1")
        .contains("tolerance")
        .contains("no signature");
  }

  @Test
  void aMissingOrMalformedSecretIsAUsageError() {
    Cli cli = new Cli();
    Cli.Result missing = cli.run("webhooks", "listen", "--port", "0");
    Cli.Result malformed = cli.run("webhooks", "listen", "--port", "0", "--secret", "hunter2");

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains("no secret: pass --secret whsec_... or set MODELROUTE_WEBHOOK_SECRET");
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err()).contains("invalid --secret");
  }
}
