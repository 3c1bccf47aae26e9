package io.modelroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The crash soak of docs/architecture.md, against {@code modelroute serve} in child JVMs of the
 * built jar: concurrent submitters over a mixed catalog (fast, slow, image, failing, flaky models)
 * with some cancels; kill -9 after a random stretch of load, restart on the same data directory
 * (and database), replay every create that got no answer with its Idempotency-Key; repeat. Then it
 * collects what a crash-safe store must show: every 202 still there, every execution terminal
 * within a bound after the last restart, every idempotency key answering with its execution, the
 * ledger exact and no balance negative.
 *
 * <p>Used by {@link CrashSoakIT} (CI, ≥ 10 kills per database) and {@code bench/crash-soak.sh} (by
 * hand, e.g. 50 kills). Not thread-safe; one run per instance.
 */
final class CrashSoak {
  static final String ADMIN_TOKEN = "crash-soak-admin-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "EXPIRED");

  /**
   * @param kills how many kill -9 (each followed by a restart)
   * @param submitters concurrent submitting clients
   * @param minLoad shortest stretch of load before a kill
   * @param maxLoad longest stretch of load before a kill
   * @param maxPause most a submitter pauses between two creates (paces the load)
   * @param drainBound how long after the last restart every execution must be terminal
   * @param databaseArgs database options for {@code serve} and {@code admin}, e.g. {@code --db-url
   *     …}; none for the embedded default
   * @param adminCliEvery run {@code modelroute admin ledger-check} (a second process on the same
   *     database, as operators do) after every n-th restart; 0 for never
   * @param killDatabaseEvery with the embedded default, every n-th kill -9 also kills the local
   *     PostgreSQL (postmaster and backends), as a machine crash or the OOM killer would; 0 for
   *     never
   */
  record Options(
      int kills,
      int submitters,
      long seed,
      Duration minLoad,
      Duration maxLoad,
      Duration maxPause,
      Duration drainBound,
      List<String> databaseArgs,
      int adminCliEvery,
      int killDatabaseEvery) {
    static Options ci(List<String> databaseArgs) {
      return new Options(
          Integer.getInteger("soak.kills", 10),
          16,
          Long.getLong("soak.seed", System.nanoTime()),
          Duration.ofSeconds(1),
          Duration.ofSeconds(4),
          Duration.ofMillis(120),
          Duration.ofSeconds(90),
          databaseArgs,
          Integer.getInteger("soak.adminEvery", 4),
          databaseArgs.isEmpty() ? 3 : 0);
    }

    /** The same without the operator's second process (an H2 file admits only one). */
    Options withoutAdminCli() {
      return new Options(
          kills,
          submitters,
          seed,
          minLoad,
          maxLoad,
          maxPause,
          drainBound,
          databaseArgs,
          0,
          killDatabaseEvery);
    }
  }

  /** What one accepted create was: its key, body and the execution id it answered with. */
  record Accepted(String key, String body, String executionId) {}

  /** The outcome of a run; {@link #problems()} empty means it passed. */
  record Report(
      int kills,
      int accepted,
      int replayedUnanswered,
      int cancels,
      int lost,
      int notTerminal,
      int idempotencyMismatches,
      boolean ledgerOk,
      Map<String, Integer> statuses,
      List<String> problems,
      String timings) {
    String summary() {
      return timings
          + " kills="
          + kills
          + " accepted="
          + accepted
          + " unanswered-replayed="
          + replayedUnanswered
          + " cancels="
          + cancels
          + " lost="
          + lost
          + " not-terminal="
          + notTerminal
          + " idempotency-mismatches="
          + idempotencyMismatches
          + " ledger="
          + (ledgerOk ? "exact" : "VIOLATED")
          + " statuses="
          + statuses
          + (problems.isEmpty() ? "" : " problems=" + problems);
    }
  }

  private static final String[] MODELS = {
    "soak-fast",
    "soak-fast",
    "soak-fast",
    "soak-fast",
    "soak-image",
    "soak-image",
    "soak-image",
    "soak-failing",
    "soak-flaky",
    "soak-flaky",
    "soak-slow"
  };

  private final Path dataDir;
  private final Options options;
  private final Random random;
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false) // a create must be sent exactly once; replays are ours
          .callTimeout(Duration.ofSeconds(15))
          .build();
  private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
  private final Map<String, String> unanswered = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final AtomicInteger cancels = new AtomicInteger();
  private final AtomicInteger replayed = new AtomicInteger();
  private final AtomicInteger databaseKills = new AtomicInteger();
  private final Path catalog;
  private final int port;
  private String apiKey;
  private long startMillis;
  private long loadMillis;
  private long drainMillis;

  CrashSoak(Path dataDir, Options options) throws IOException {
    this.dataDir = dataDir;
    this.options = options;
    this.random = new Random(options.seed());
    this.catalog = dataDir.resolveSibling(dataDir.getFileName() + "-catalog.yaml");
    try (InputStream in = CrashSoak.class.getResourceAsStream("crash-soak-catalog.yaml")) {
      Files.write(catalog, in.readAllBytes());
    }
    this.port = ServerProcess.freePort();
  }

  /** Runs the soak; the server is stopped (gracefully) when it returns. */
  Report run() throws Exception {
    ServerProcess server = start();
    apiKey = server.devKey();
    try {
      for (int kill = 1; kill <= options.kills(); kill++) {
        load(server, kill);
        server = start();
        replayUnanswered(server);
        checkBalance(server, "after restart " + kill);
        if (options.adminCliEvery() > 0 && kill % options.adminCliEvery() == 1) {
          adminLedgerCheck("after restart " + kill);
        }
      }
      return finish(server);
    } finally {
      server.close();
    }
  }

  private ServerProcess start() throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--catalog",
                catalog.toString(),
                "--admin-token",
                ADMIN_TOKEN,
                "--rate-limit",
                "1000000",
                "--rate-burst",
                "1000000"));
    args.addAll(options.databaseArgs());
    long t0 = System.nanoTime();
    try {
      return ServerProcess.start(
          dataDir,
          port,
          args,
          List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
          log());
    } finally {
      startMillis += (System.nanoTime() - t0) / 1_000_000;
    }
  }

  /** Where every start of the server appends its output. */
  Path log() {
    return dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
  }

  /**
   * {@code modelroute admin ledger-check} in its own JVM while the server runs, as an operator
   * would.
   */
  private void adminLedgerCheck(String when) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ServerProcess.jar().toString(),
                "admin",
                "ledger-check",
                "--data-dir",
                dataDir.toString()));
    cmd.addAll(options.databaseArgs());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || !out.strip().equals("ledger OK")) {
      problems.add("admin ledger-check " + when + " exited " + p.exitValue() + ": " + out.strip());
    }
  }

  /** Load for a random stretch, then kill -9 with requests in flight. */
  private void load(ServerProcess server, int round) throws Exception {
    long stretch =
        options.minLoad().toMillis()
            + (long)
                (random.nextDouble()
                    * (options.maxLoad().toMillis() - options.minLoad().toMillis()));
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(options.submitters());
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < options.submitters(); t++) {
      String prefix = "soak-" + round + "-" + t + "-";
      running.add(pool.submit(() -> submitUntilStopped(server, prefix, stop)));
    }
    Thread.sleep(stretch); // the kill moment is wall-clock by design: another process, mid-load
    loadMillis += stretch;
    server.kill9();
    // connections to the dead server stay pooled; without this the replay after the restart
    // would be sent on one of them and fail (creates are never retried by the client)
    http.connectionPool().evictAll();
    if (options.killDatabaseEvery() > 0 && round % options.killDatabaseEvery() == 0) {
      killLocalPostgres();
    }
    stop.set(true);
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
  }

  /**
   * SIGKILL to the local PostgreSQL's postmaster and every backend: it must recover from its WAL.
   */
  private void killLocalPostgres() throws IOException, InterruptedException {
    Path pidFile = dataDir.resolve("pg").resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
    if (postmaster.isEmpty()) {
      return;
    }
    List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
    all.add(postmaster.get());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : all) {
      p.onExit().join();
    }
    databaseKills.incrementAndGet();
  }

  private Void submitUntilStopped(ServerProcess server, String prefix, AtomicBoolean stop)
      throws Exception {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int n = 0; !stop.get(); n++) {
      String key = prefix + n;
      String model = MODELS[r.nextInt(MODELS.length)];
      String body = "{\"model\":\"" + model + "\",\"input\":{\"prompt\":\"soak " + key + "\"}}";
      String id;
      try {
        id = create(server, key, body);
      } catch (IOException killed) {
        unanswered.put(key, body);
        return null;
      }
      if (id == null) {
        continue;
      }
      if (r.nextInt(10) == 0) {
        try (Response c =
            http.newCall(
                    new Request.Builder()
                        .url(server.url() + "/v1/executions/" + id + "/cancel")
                        .header("Authorization", "Bearer " + apiKey)
                        .post(RequestBody.create("{}", JSON_TYPE))
                        .build())
                .execute()) {
          cancels.incrementAndGet();
        } catch (IOException killed) {
          return null;
        }
      }
      long pause = options.maxPause().toMillis();
      if (pause > 0) {
        Thread.sleep(r.nextLong(pause + 1)); // pacing the load generator, not waiting for a result
      }
    }
    return null;
  }

  /** POSTs one create; the execution id on 202, null (noted as a problem) on another answer. */
  private String create(ServerProcess server, String key, String body) throws IOException {
    Request req =
        new Request.Builder()
            .url(server.url() + "/v1/executions")
            .header("Authorization", "Bearer " + apiKey)
            .header("Idempotency-Key", key)
            .post(RequestBody.create(body, JSON_TYPE))
            .build();
    try (Response r = http.newCall(req).execute()) {
      String text = r.body().string();
      if (r.code() == 202) {
        String id = JSON.readTree(text).get("id").asText();
        Accepted before = accepted.putIfAbsent(key, new Accepted(key, body, id));
        if (before != null && !before.executionId().equals(id)) {
          problems.add("key " + key + " answered " + id + " after " + before.executionId());
        }
        return id;
      }
      if (r.code() >= 500) {
        // the outcome is unknown (e.g. the database went away mid-commit): replay it later
        unanswered.put(key, body);
        return null;
      }
      problems.add("create " + key + " answered " + r.code() + " " + text);
      return null;
    }
  }

  private void replayUnanswered(ServerProcess server) throws IOException {
    for (Map.Entry<String, String> e : Map.copyOf(unanswered).entrySet()) {
      if (create(server, e.getKey(), e.getValue()) != null) {
        unanswered.remove(e.getKey());
        replayed.incrementAndGet();
      }
    }
  }

  private void checkBalance(ServerProcess server, String when) throws IOException {
    JsonNode b = get(server, "/v1/balance", apiKey);
    for (String field : List.of("balance", "available", "held")) {
      JsonNode v = b.get(field);
      if (v != null && v.asText().startsWith("-")) {
        problems.add("negative " + field + " " + v.asText() + " " + when);
      }
    }
  }

  private Report finish(ServerProcess server) throws Exception {
    Map<String, String> statusById = new ConcurrentHashMap<>();
    Set<String> lost = ConcurrentHashMap.newKeySet();
    List<String> pending = accepted.values().stream().map(Accepted::executionId).toList();
    long t0 = System.nanoTime();
    Instant deadline = Instant.now().plus(options.drainBound());
    while (true) {
      List<String> still = new ArrayList<>();
      for (String id : pending) {
        try (Response r =
            http.newCall(
                    new Request.Builder()
                        .url(server.url() + "/v1/executions/" + id)
                        .header("Authorization", "Bearer " + apiKey)
                        .build())
                .execute()) {
          if (r.code() == 404) {
            lost.add(id);
            continue;
          }
          String status = JSON.readTree(r.body().string()).get("status").asText();
          statusById.put(id, status);
          if (!TERMINAL.contains(status)) {
            still.add(id);
          }
        }
      }
      pending = still;
      if (pending.isEmpty() || Instant.now().isAfter(deadline)) {
        break;
      }
      Thread.sleep(500); // the other process does the work; nothing in-process to wait on
    }
    drainMillis = (System.nanoTime() - t0) / 1_000_000;
    if (!pending.isEmpty()) {
      problems.add(
          pending.size()
              + " executions not terminal "
              + options.drainBound().toSeconds()
              + " s after the last restart, e.g. "
              + pending.subList(0, Math.min(5, pending.size())));
    }
    if (!lost.isEmpty()) {
      problems.add(
          lost.size() + " accepted executions lost (404), e.g. " + lost.stream().limit(5).toList());
    }
    if (!unanswered.isEmpty()) {
      problems.add(
          unanswered.size() + " unanswered creates still unresolved after the last restart");
    }
    int mismatches = 0;
    for (Accepted a : accepted.values()) {
      Request req =
          new Request.Builder()
              .url(server.url() + "/v1/executions")
              .header("Authorization", "Bearer " + apiKey)
              .header("Idempotency-Key", a.key())
              .post(RequestBody.create(a.body(), JSON_TYPE))
              .build();
      try (Response r = http.newCall(req).execute()) {
        String text = r.body().string();
        if (r.code() != 202 || !a.executionId().equals(JSON.readTree(text).path("id").asText())) {
          mismatches++;
          if (mismatches <= 5) {
            problems.add(
                "replay of "
                    + a.key()
                    + " ("
                    + a.executionId()
                    + ") answered "
                    + r.code()
                    + " "
                    + text);
          }
        }
      }
    }
    JsonNode ledger = get(server, "/admin/v1/ledger/check", ADMIN_TOKEN);
    boolean ledgerOk = ledger.path("ok").asBoolean(false);
    if (!ledgerOk) {
      problems.add("ledger check: " + ledger);
    }
    checkBalance(server, "at the end");
    Map<String, Integer> statuses = new java.util.TreeMap<>();
    statusById.values().forEach(s -> statuses.merge(s, 1, Integer::sum));
    return new Report(
        options.kills(),
        accepted.size(),
        replayed.get(),
        cancels.get(),
        lost.size(),
        pending.size(),
        mismatches,
        ledgerOk,
        statuses,
        List.copyOf(problems),
        "database-kills="
            + databaseKills
            + " starts="
            + startMillis
            + "ms load="
            + loadMillis
            + "ms drain="
            + drainMillis
            + "ms");
  }

  private JsonNode get(ServerProcess server, String path, String bearer) throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(server.url() + path)
                    .header("Authorization", "Bearer " + bearer)
                    .build())
            .execute()) {
      String text = r.body().string();
      if (r.code() != 200) {
        throw new IOException("GET " + path + " answered " + r.code() + " " + text);
      }
      return JSON.readTree(text);
    }
  }
}
