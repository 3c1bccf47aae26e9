package io.modelroute.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** {@code modelroute serve} in a child JVM from the built jar, for crash and end-to-end tests. */
final class ServerProcess implements AutoCloseable {
  final Path dataDir;
  final int port;
  final Process process;
  final Path log;

  private ServerProcess(Path dataDir, int port, Process process, Path log) {
    this.dataDir = dataDir;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  static Path jar() {
    Path jar = Path.of(System.getProperty("modelroute.jar", "target/modelroute.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the jar first (mvn package): " + jar);
    }
    return jar;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code serve --dev} on a free port and waits until {@code /readyz} answers 200. */
  static ServerProcess start(Path dataDir, int port, String... jvmArgs) throws Exception {
    return start(
        dataDir,
        port,
        List.of(),
        List.of(jvmArgs),
        Files.createTempFile("modelroute-server", ".log"));
  }

  /**
   * Like {@link #start(Path, int, String...)} with more {@code serve} options (catalog, database,
   * …), appending the server's output to {@code log}.
   */
  static ServerProcess start(
      Path dataDir, int port, List<String> serveArgs, List<String> jvmArgs, Path log)
      throws Exception {
    return start(dataDir, port, serveArgs, jvmArgs, java.util.Map.of(), log);
  }

  /**
   * Like {@link #start(Path, int, List, List, Path)} with more environment variables (provider
   * settings).
   */
  static ServerProcess start(
      Path dataDir,
      int port,
      List<String> serveArgs,
      List<String> jvmArgs,
      java.util.Map<String, String> env,
      Path log)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(
        List.of(
            "-jar",
            jar().toString(),
            "serve",
            "--dev",
            "--port",
            Integer.toString(port),
            "--host",
            "127.0.0.1",
            "--data-dir",
            dataDir.toString()));
    cmd.addAll(serveArgs);
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    Process p = builder.start();
    ServerProcess server = new ServerProcess(dataDir, port, p, log);
    server.awaitReady(Duration.ofSeconds(60));
    return server;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String devKey() throws IOException {
    return Files.readString(dataDir.resolve("dev-api-key")).strip();
  }

  private void awaitReady(Duration timeout) throws Exception {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited: " + Files.readString(log));
      }
      try (Response r =
          http.newCall(new Request.Builder().url(url() + "/readyz").build()).execute()) {
        if (r.code() == 200 && Files.isRegularFile(dataDir.resolve("dev-api-key"))) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100); // polling another process; there is nothing to wait on in-process
    }
    throw new IllegalStateException(
        "server not ready in " + timeout + ": " + Files.readString(log));
  }

  /** Waits until the server's {@code /metrics} shows {@code metric} at {@code atLeast} or more. */
  void awaitMetric(String metric, double atLeast, Duration timeout) throws Exception {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    double seen = Double.NaN;
    while (Instant.now().isBefore(deadline)) {
      try (Response r =
          http.newCall(new Request.Builder().url(url() + "/metrics").build()).execute()) {
        for (String line : r.body().string().split("\n")) {
          if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
            seen = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (seen >= atLeast) {
              return;
            }
          }
        }
      } catch (IOException notYet) {
        // the server is busy; ask again
      }
      Thread.sleep(50); // polling another process; there is nothing to wait on in-process
    }
    throw new IllegalStateException(
        metric + " did not reach " + atLeast + " in " + timeout + " (last seen " + seen + ")");
  }

  /** kill -9: no shutdown hook, no flush, nothing. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
