package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.cli.DocsBlocks.Block;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code sh}/{@code bash} block of the documentation that is not marked {@code <!-- not-run:
 * reason -->} runs against one real server ({@code serve --dev} from the built jar, on a free port)
 * and exits 0.
 *
 * <p>The blocks of one document run in order in one {@code bash -euo pipefail} session, so a block
 * may use what an earlier block of the same document set ({@code ID=$(… | jq -r .id)}). The session
 * starts where a newcomer is after {@code serve --dev}: in a directory holding the server's {@code
 * data/}, with {@code MODELROUTE_URL}, {@code MODELROUTE_API_KEY} and {@code
 * MODELROUTE_ADMIN_TOKEN} exported, {@code http://localhost:8080} in the text replaced by the
 * server's address, a {@code modelroute} command on the {@code PATH} that runs the jar, and {@code
 * curl} failing on any HTTP error status ({@code --fail-with-body}), so an example that answers 4xx
 * is a broken example. A block preceded by {@code <!-- expect: a | b -->} must also print each of
 * {@code a} and {@code b}. Small input files the examples upload ({@code photo.png}, …) are in the
 * directory.
 */
class DocsShellIT {
  @TempDir static Path work;
  static ServerProcess server;
  static Path bin;
  static Path logs;

  @BeforeAll
  static void serve() throws Exception {
    server = ServerProcess.start(work.resolve("data"), ServerProcess.freePort());
    bin = Files.createDirectories(work.resolve(".bin"));
    logs = Files.createDirectories(Path.of("target", "docs-shell").toAbsolutePath());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // a JVM tuned for a short run: these commands start dozens of times
    script(
        "modelroute",
        "exec '"
            + java
            + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar '"
            + ServerProcess.jar().toAbsolutePath()
            + "' \"$@\"");
    script("curl", "exec '" + onPath("curl") + "' --fail-with-body -sS \"$@\"");
    onPath("jq"); // the examples read ids out of answers with jq
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void everyShellBlockOfTheDocumentationRunsAgainstARealServer() throws Exception {
    Map<Path, List<Block>> byDoc = new LinkedHashMap<>();
    for (Block b : DocsBlocks.all()) {
      if (b.runs()) {
        byDoc.computeIfAbsent(b.doc(), d -> new ArrayList<>()).add(b);
      }
    }
    // the documents are independent sessions: run them side by side against the one server
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (List<Block> blocks : byDoc.values()) {
        results.add(pool.submit(() -> run(blocks)));
      }
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> r : results) {
        failures.addAll(r.get());
      }
      int ran = byDoc.values().stream().mapToInt(List::size).sum();
      assertThat(ran).isGreaterThan(20);
      assertThat(failures)
          .as("documentation shell blocks that failed (sessions in %s)", logs)
          .isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs one document's blocks in one session in a directory of its own; returns what failed. */
  private static List<String> run(List<Block> blocks) throws Exception {
    String name = blocks.get(0).where().replaceAll(":.*", "").replace('/', '-');
    Path dir = Files.createDirectories(work.resolve(name));
    Files.createSymbolicLink(dir.resolve("data"), server.dataDir);
    for (String file : List.of("photo.png", "input-photo.png")) {
      ImageIO.write(
          new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", dir.resolve(file).toFile());
    }
    Files.writeString(dir.resolve("notes.pdf"), "%PDF-1.4\n%%EOF\n");
    StringBuilder script = new StringBuilder();
    for (Block b : blocks) {
      script
          .append("printf '\\n@@ %s\\n' '")
          .append(b.where())
          .append("'\n")
          .append(b.body().replace("http://localhost:8080", server.url()))
          .append('\n');
    }
    script.append("printf '\\n@@ end\\n'\n");
    Path file = logs.resolve(name + ".sh");
    Path log = logs.resolve(name + ".log");
    Files.writeString(file, script);
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-euo", "pipefail", file.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + ":" + env.get("PATH"));
    env.put("MODELROUTE_URL", server.url());
    env.put("MODELROUTE_API_KEY", server.devKey());
    env.put(
        "MODELROUTE_ADMIN_TOKEN",
        Files.readString(server.dataDir.resolve("dev-admin-token")).strip());
    Process p = builder.start();
    boolean done = p.waitFor(240, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor();
    }
    // lenient: a block may print binary (a ranged download)
    String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    Map<String, String> outputs = split(output);
    List<String> failures = new ArrayList<>();
    if (!done || p.exitValue() != 0 || !outputs.containsKey("end")) {
      List<String> started = List.copyOf(outputs.keySet());
      String last = started.isEmpty() ? "?" : started.get(started.size() - 1);
      failures.add(
          last
              + ": "
              + (done ? "exit status " + p.exitValue() : "still running after 240 s")
              + "\n"
              + outputs.getOrDefault(last, output));
      return failures;
    }
    for (Block b : blocks) {
      for (String expected : b.expect()) {
        if (!outputs.getOrDefault(b.where(), "").contains(expected)) {
          failures.add(
              b.where() + ": the output lacks '" + expected + "':\n" + outputs.get(b.where()));
        }
      }
    }
    return failures;
  }

  /** The output of each block, keyed by the block's place. */
  private static Map<String, String> split(String output) {
    Map<String, String> out = new LinkedHashMap<>();
    String current = null;
    StringBuilder text = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith("@@ ")) {
        if (current != null) {
          out.put(current, text.toString());
        }
        current = line.substring(3);
        text.setLength(0);
      } else {
        text.append(line).append('\n');
      }
    }
    if (current != null) {
      out.put(current, text.toString());
    }
    return out;
  }

  private static void script(String name, String command) throws Exception {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + command + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String onPath(String command) {
    for (String dir : System.getenv("PATH").split(":")) {
      Path file = Path.of(dir, command);
      if (Files.isExecutable(file)) {
        return file.toString();
      }
    }
    throw new IllegalStateException(
        "the documentation's shell examples need " + command + " on the PATH");
  }
}
