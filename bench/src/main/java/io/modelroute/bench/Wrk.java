package io.modelroute.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's {@code wrk} with bench/submit.lua and reads its report. */
final class Wrk {
  /** What one wrk run reports. */
  record Result(double requestsPerSecond, double p50, double p99, long errors, String raw) {}

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern LUA =
      Pattern.compile("p50 ([0-9.]+) ms, p90 [0-9.]+ ms, p99 ([0-9.]+) ms");
  private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Wrk() {}

  static Result run(
      Path script, String url, int threads, int connections, int seconds, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    Matcher rps = RPS.matcher(out);
    if (!rps.find()) {
      throw new IllegalStateException("wrk gave no Requests/sec:\n" + out);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher lua = LUA.matcher(out);
    if (lua.find()) {
      p50 = Double.parseDouble(lua.group(1));
      p99 = Double.parseDouble(lua.group(2));
    }
    long errors = 0;
    Matcher non2xx = NON2XX.matcher(out);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET.matcher(out);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        errors += Long.parseLong(socket.group(g));
      }
    }
    return new Result(Double.parseDouble(rps.group(1)), p50, p99, errors, out);
  }

  /** Writes the API keys, one a line, for submit.lua's MODELROUTE_KEYS_FILE. */
  static Path keysFile(Path dir, List<String> keys) throws IOException {
    Path f = dir.resolve("keys-" + keys.size() + "-" + System.nanoTime() + ".txt");
    Files.write(f, keys);
    return f;
  }
}
