package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelroute.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload several times larger than the server's whole heap succeeds: the server runs in its own
 * JVM with {@value #SERVER_HEAP}, and the test PUTs {@value #UPLOAD_MB} MB generated on the fly (the
 * test never holds them either). Had the server buffered the body anywhere, it would have died of
 * {@code OutOfMemoryError} ({@code -XX:+ExitOnOutOfMemoryError}) instead of answering READY with
 * the right size and SHA-256.
 */
class LargeUploadMemoryTest {
  static final String SERVER_HEAP = "-Xmx64m";
  static final int UPLOAD_MB = 300;
  static final Pattern LISTENING = Pattern.compile("ModelRoute listening on (http://\\S+)");
  static final Pattern KEY = Pattern.compile("dev API key: (sk_\\S+)");

  @Test
  void aServerWith64MbOfHeapStoresA300MbUpload(@TempDir Path dataDir) throws Exception {
    long size = UPLOAD_MB * 1024L * 1024L;
    Process server = startServer(dataDir, UPLOAD_MB + 10);
    try {
      CompletableFuture<String> url = new CompletableFuture<>();
      CompletableFuture<String> key = new CompletableFuture<>();
      List<String> log = new ArrayList<>();
      Thread reader = new Thread(() -> readOutput(server, url, key, log), "server-output");
      reader.setDaemon(true);
      reader.start();
      String base = url.get(90, TimeUnit.SECONDS);
      String apiKey = key.get(30, TimeUnit.SECONDS);

      OkHttpClient http = new OkHttpClient.Builder()
          .callTimeout(Duration.ofMinutes(3)).writeTimeout(Duration.ofSeconds(60)).build();
      JsonNode upload = call(http, new Request.Builder().url(base + "/v1/files/upload")
          .header("Authorization", "Bearer " + apiKey)
          .post(RequestBody.create("{\"purpose\":\"UPLOAD\"}", MediaType.get("application/json"))));
      GeneratedBody body = new GeneratedBody(size);
      long started = System.nanoTime();
      JsonNode file = call(http, new Request.Builder().url(upload.get("upload_url").asText()).put(body));
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("uploaded %d MB to a server with %s in %.2f s (%.0f MB/s)%n",
          UPLOAD_MB, SERVER_HEAP, seconds, UPLOAD_MB / seconds);

      assertThat(file.get("status").asText()).as(String.join("\n", log)).isEqualTo("READY");
      assertThat(file.get("size_bytes").asLong()).isEqualTo(size);
      assertThat(file.get("sha256").asText()).isEqualTo(body.sha256Hex());
      assertThat(file.get("content_type").asText()).isEqualTo("application/octet-stream");
      assertThat(server.isAlive()).isTrue();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  static Process startServer(Path dataDir, int maxFileMb) throws IOException {
    return startServer(dataDir, maxFileMb, java.util.Map.of());
  }

  /** The server, with {@code env} added to its environment and {@code args} to its command line. */
  static Process startServer(Path dataDir, int maxFileMb, java.util.Map<String, String> env, String... args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, SERVER_HEAP, "-XX:+ExitOnOutOfMemoryError",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "serve", "--dev", "--port", "0", "--host", "127.0.0.1", "--workers", "2",
        "--data-dir", dataDir.toString(), "--max-file-mb", Integer.toString(maxFileMb)));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("MODELROUTE_DB_URL");
    pb.environment().remove("MODELROUTE_PUBLIC_URL");
    pb.environment().putAll(env);
    Files.createDirectories(dataDir);
    return pb.start();
  }

  /** Reads the server's output to its end, completing {@code url} and {@code key} as they appear. */
  static void readOutput(Process server, CompletableFuture<String> url, CompletableFuture<String> key, List<String> log) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (log) {
          if (log.size() < 200) {
            log.add(line);
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url.complete(m.group(1).replace("localhost", "127.0.0.1"));
        }
        Matcher k = KEY.matcher(line);
        if (k.find()) {
          key.complete(k.group(1));
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
    IllegalStateException ended = new IllegalStateException("server ended early:\n" + String.join("\n", log));
    url.completeExceptionally(ended);
    key.completeExceptionally(ended);
  }

  static JsonNode call(OkHttpClient http, Request.Builder request) throws IOException {
    try (Response r = http.newCall(request.build()).execute()) {
      String text = r.body().string();
      assertThat(r.code()).as(text).isBetween(200, 201);
      return Json.readTree(text);
    }
  }

  /** {@code size} pseudo-random bytes made while they are sent, hashed on the way. */
  static final class GeneratedBody extends RequestBody {
    private final long size;
    private final MessageDigest sha;

    GeneratedBody(long size) throws NoSuchAlgorithmException {
      this.size = size;
      this.sha = MessageDigest.getInstance("SHA-256");
    }

    @Override
    public MediaType contentType() {
      return MediaType.get("application/octet-stream");
    }

    @Override
    public long contentLength() {
      return size;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      byte[] chunk = new byte[64 * 1024];
      long state = 0x9E3779B97F4A7C15L;
      long left = size;
      while (left > 0) {
        for (int i = 0; i < chunk.length; i += 8) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
          for (int j = 0; j < 8; j++) {
            chunk[i + j] = (byte) (state >>> (8 * j));
          }
        }
        int n = (int) Math.min(chunk.length, left);
        sha.update(chunk, 0, n);
        sink.write(chunk, 0, n);
        left -= n;
      }
    }

    String sha256Hex() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
