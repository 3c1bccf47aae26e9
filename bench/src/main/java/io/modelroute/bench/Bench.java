package io.modelroute.bench;

import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The side-by-side benchmark of issue 9 (run it with {@code bench/run.sh [--quick]}): ModelRoute
 * and its baselines on the same machine in one run, alternating rounds, medians, ratios, and a
 * markdown table in bench/results/. See bench/README.md for what each figure means.
 *
 * <p>Args: {@code --root DIR --jar modelroute.jar [--quick] [--rounds N] [--only 1,3] [--out
 * FILE]}.
 */
public final class Bench {
  /** How big and how long: --quick for a smoke test, the default for the real figures. */
  record Sizes(
      int rounds,
      int wrkSeconds,
      int warmSeconds,
      int pacedSeconds,
      int orgs,
      int jdbcSeconds,
      int burnJobs,
      int burnWarmup,
      int burnTimeout,
      int latencySeconds,
      int parked,
      int parkedLatencyMs) {
    static Sizes quick() {
      return new Sizes(1, 5, 2, 5, 100, 5, 1000, 1000, 20, 5, 1000, 5000);
    }

    static Sizes full() {
      return new Sizes(3, 15, 5, 15, 1000, 15, 20000, 5000, 90, 20, 10000, 25000);
    }
  }

  /** One line of the results table. */
  record Row(
      String figure,
      String what,
      String modelRoute,
      String baseline,
      String ratio,
      String target,
      String met) {}

  private final Path root;
  private final Path jar;
  private final Path benchJar;
  private final Sizes sizes;
  private final boolean quick;
  private final Path work;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> details = new ArrayList<>();
  private Pg pg;
  private int failures;
  boolean keep;

  private Bench(Path root, Path jar, Sizes sizes, boolean quick) throws IOException {
    this.root = root;
    this.jar = jar;
    this.benchJar =
        Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    this.sizes = sizes;
    this.quick = quick;
    this.work = Files.createTempDirectory("modelroute-bench-");
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(".");
    Path jar = null;
    Path out = null;
    boolean quick = false;
    boolean keep = false;
    Integer rounds = null;
    Set<Integer> only = new TreeSet<>(List.of(1, 2, 3, 4, 5));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--keep" -> keep = true;
        case "--root" -> root = Path.of(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--only" -> {
          only.clear();
          for (String s : args[++i].split(",")) {
            only.add(Integer.parseInt(s.trim()));
          }
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (jar == null) {
      jar = root.resolve("cli/target/modelroute.jar");
    }
    Sizes sizes = quick ? Sizes.quick() : Sizes.full();
    if (rounds != null) {
      sizes =
          new Sizes(
              rounds,
              sizes.wrkSeconds(),
              sizes.warmSeconds(),
              sizes.pacedSeconds(),
              sizes.orgs(),
              sizes.jdbcSeconds(),
              sizes.burnJobs(),
              sizes.burnWarmup(),
              sizes.burnTimeout(),
              sizes.latencySeconds(),
              sizes.parked(),
              sizes.parkedLatencyMs());
    }
    if (out == null) {
      out =
          root.resolve(
              "bench/results/" + LocalDate.now(ZoneOffset.UTC) + (quick ? "-quick" : "") + ".md");
    }
    Bench bench = new Bench(root, jar, sizes, quick);
    bench.keep = keep;
    int code = bench.run(only, out);
    System.exit(code);
  }

  private int run(Set<Integer> only, Path out) throws Exception {
    long started = System.nanoTime();
    String machine = Machine.describe();
    say(
        "== ModelRoute side-by-side benchmark ("
            + (quick ? "--quick: short, small; smoke test only" : "full")
            + ")");
    say(machine);
    say("sizes: " + sizes);
    say("work dir: " + work);
    try {
      if (only.contains(1)) {
        figure("1 submit on H2", this::submitH2);
      }
      if (only.contains(2)) {
        figure("2 submit on PostgreSQL", this::submitPostgres);
      }
      if (only.contains(3)) {
        figure("3 burn-down", this::burnDown);
      }
      if (only.contains(4)) {
        figure("4 added latency", this::addedLatency);
      }
      if (only.contains(5)) {
        figure("5 parked SYNC requests", this::parked);
      }
    } finally {
      if (pg != null) {
        pg.close();
      }
    }
    double minutes = (System.nanoTime() - started) / 60e9;
    String table = table();
    say("");
    say(table);
    say("load average at end: " + Machine.loadAverage());
    Files.createDirectories(out.toAbsolutePath().getParent());
    StringBuilder md = new StringBuilder();
    md.append("# ModelRoute side-by-side benchmark, ")
        .append(
            ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
        .append(
            quick ? " (--quick: short runs, small counts — a smoke test, not a measurement)" : "")
        .append("\n\n");
    md.append("`bench/run.sh")
        .append(quick ? " --quick" : "")
        .append("`, ")
        .append(sizes.rounds())
        .append(" round(s) per figure, ModelRoute and baseline alternating; medians; ")
        .append(String.format("%.1f min", minutes))
        .append(".\n\n");
    md.append("```\n")
        .append(machine)
        .append("\nload average at end: ")
        .append(Machine.loadAverage())
        .append("\n```\n\n")
        .append(table)
        .append("\n\n## Runs\n\n");
    for (String d : details) {
      md.append("- ").append(d).append('\n');
    }
    Files.writeString(out, md.toString());
    say("results written to " + out + String.format(" (%.1f min)", minutes));
    if (failures == 0 && !keep) {
      deleteTree(work);
    } else {
      say("logs kept in " + work);
    }
    return failures == 0 ? 0 : 1;
  }

  interface Figure {
    void run() throws Exception;
  }

  private void figure(String name, Figure f) {
    say("");
    say("== figure " + name);
    long t0 = System.nanoTime();
    try {
      f.run();
    } catch (Exception | AssertionError e) {
      say("!! figure " + name + " failed: " + e);
      e.printStackTrace(System.out);
      rows.add(
          new Row(
              name.substring(0, 1), name.substring(2), "failed: " + oneLine(e), "", "", "", ""));
      failures++;
    }
    say(String.format("(figure %s took %.0f s)", name, (System.nanoTime() - t0) / 1e9));
  }

  // ---------------------------------------------------------------- figure 1: submit on H2

  private void submitH2() throws Exception {
    Path data = Files.createDirectories(work.resolve("submit-h2"));
    int mrPort = freePort();
    int echoPort = freePort();
    // H2 explicitly: the embedded default is now a local PostgreSQL (docs/crash-safety.md)
    String h2 = "jdbc:h2:file:" + data.resolve("modelroute").toAbsolutePath();
    try (Child mr =
            startServer(
                "modelroute-h2", data, mrPort, List.of("--no-workers", "--db-url", h2), Map.of());
        Child echo =
            Child.start(
                "echo",
                work.resolve("echo.log"),
                Map.of(),
                List.of(
                    "-cp",
                    benchJar.toString(),
                    "io.modelroute.bench.EchoServer",
                    String.valueOf(echoPort)))) {
      mr.awaitHttp("http://127.0.0.1:" + mrPort + "/readyz", Duration.ofSeconds(120));
      echo.awaitHttp("http://127.0.0.1:" + echoPort + "/readyz", Duration.ofSeconds(60));
      String key = fundedKey(data, "http://127.0.0.1:" + mrPort);
      Map<String, String> env = Map.of("MODELROUTE_API_KEY", key);
      Path lua = root.resolve("bench/submit.lua");
      String mrUrl = "http://127.0.0.1:" + mrPort;
      String echoUrl = "http://127.0.0.1:" + echoPort;
      say("warm-up " + sizes.warmSeconds() + " s each");
      Wrk.run(lua, mrUrl, 2, 8, sizes.warmSeconds(), env);
      Wrk.run(lua, echoUrl, 2, 8, sizes.warmSeconds(), env);
      List<Double> mrRps = new ArrayList<>();
      List<Double> echoRps = new ArrayList<>();
      List<Double> mrP99 = new ArrayList<>();
      List<Double> echoP99 = new ArrayList<>();
      for (int r = 1; r <= sizes.rounds(); r++) {
        Wrk.Result m = Wrk.run(lua, mrUrl, 2, 32, sizes.wrkSeconds(), env);
        Wrk.Result e = Wrk.run(lua, echoUrl, 2, 32, sizes.wrkSeconds(), env);
        mrRps.add(m.requestsPerSecond());
        echoRps.add(e.requestsPerSecond());
        mrP99.add(m.p99());
        echoP99.add(e.p99());
        String line =
            String.format(
                "round %d: ModelRoute %.0f req/s (p50 %s ms, p99 %s ms, errors %d) | echo %.0f req/s (p50 %s ms, p99 %s ms, errors %d)",
                r,
                m.requestsPerSecond(),
                Stats.fmt(m.p50()),
                Stats.fmt(m.p99()),
                m.errors(),
                e.requestsPerSecond(),
                Stats.fmt(e.p50()),
                Stats.fmt(e.p99()),
                e.errors());
        say(line);
        details.add("1 submit H2 wrk -t2 -c32 -d" + sizes.wrkSeconds() + "s " + line);
      }
      double mrPeak = Stats.median(mrRps);
      double echoPeak = Stats.median(echoRps);
      double ratio = mrPeak / echoPeak;
      say(
          String.format(
              "submit H2: ModelRoute %.0f/s, echo %.0f/s, ratio %.3f (target >= 0.5)",
              mrPeak, echoPeak, ratio));
      rows.add(
          new Row(
              "1",
              "submit on H2, `wrk -t2 -c32`, the documented POST",
              rate(mrPeak),
              "Javalin echo " + rate(echoPeak),
              ratio(ratio),
              "≥ 0.5 ×",
              met(ratio >= 0.5)));

      // p99 at half the peak rate, open loop
      HttpClient client = Paced.client();
      List<Double> mrPacedP99 = new ArrayList<>();
      List<Double> echoPacedP99 = new ArrayList<>();
      String body =
          "{\"model\": \"flux-1.1-pro\", \"input\": {\"prompt\": \"A futuristic city skyline at sunset\"}}";
      AtomicInteger seq = new AtomicInteger();
      String prefix = "paced-" + System.nanoTime() + "-";
      for (int r = 1; r <= sizes.rounds(); r++) {
        Paced.Result m =
            Paced.run(
                client,
                i -> submitRequest(mrUrl, key, body, prefix + seq.incrementAndGet()),
                mrPeak / 2,
                Duration.ofSeconds(sizes.pacedSeconds()),
                2000,
                Duration.ofSeconds(15),
                (s, b) -> s == 202);
        Paced.Result e =
            Paced.run(
                client,
                i -> submitRequest(echoUrl, key, body, prefix + seq.incrementAndGet()),
                echoPeak / 2,
                Duration.ofSeconds(sizes.pacedSeconds()),
                2000,
                Duration.ofSeconds(15),
                (s, b) -> s == 202);
        mrPacedP99.add(m.p(99));
        echoPacedP99.add(e.p(99));
        String line =
            "round "
                + r
                + ": ModelRoute "
                + m.summary()
                + generatorNote(m)
                + " | echo "
                + e.summary()
                + generatorNote(e);
        say(line);
        details.add("1 submit H2 open loop at half peak " + line);
      }
      double mp99 = Stats.median(mrPacedP99);
      rows.add(
          new Row(
              "1",
              "submit on H2, p99 at half the peak rate (open loop, from intended send time)",
              ms(mp99) + " at " + rate(mrPeak / 2),
              "echo " + ms(Stats.median(echoPacedP99)) + " at " + rate(echoPeak / 2),
              "—",
              "≤ 10 ms",
              met(mp99 <= 10)));
    }
  }

  /** A SYNC answer that carries the finished execution (or, for the direct call, any 200). */
  private static final java.util.function.BiPredicate<Integer, String> SYNC_OK =
      (status, body) ->
          status == 200 && (body.contains("\"COMPLETED\"") || body.contains("chat.completion"));

  private static String generatorNote(Paced.Result r) {
    return r.achieved() < 0.95 * r.rate()
        ? String.format(" [achieved only %.0f/s: server or load generator saturated]", r.achieved())
        : "";
  }

  private static HttpRequest submitRequest(
      String base, String key, String body, String idempotencyKey) {
    return HttpRequest.newBuilder(URI.create(base + "/v1/executions"))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotencyKey)
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  // ---------------------------------------------------------------- figure 2: submit on PostgreSQL

  private void submitPostgres() throws Exception {
    Pg pg = pg();
    String mrUrl = pg.create("mr_submit");
    Path data = Files.createDirectories(work.resolve("submit-pg"));
    say("creating " + sizes.orgs() + " organizations in ModelRoute (library, workers off)...");
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    try (ModelRoute lib =
        ModelRoute.start(
            ModelRouteConfig.builder()
                .dataDir(data)
                .jdbcUrl(mrUrl)
                .dbUser("postgres")
                .dbPassword("postgres")
                .startWorkers(false)
                .build())) {
      String[] byIndex = new String[sizes.orgs()];
      BurnDown.parallel(
          sizes.orgs(),
          i ->
              byIndex[i] =
                  lib.organizations()
                      .create("bench-org-" + i, Money.parse("100000"))
                      .key()
                      .secret());
      keys.addAll(List.of(byIndex));
    }
    String loopUrl = pg.create("loop_submit");
    String loopHotUrl = pg.create("loop_hot");
    JdbcSubmitLoop.createSchema(loopUrl, "postgres", "postgres", sizes.orgs());
    JdbcSubmitLoop.createSchema(loopHotUrl, "postgres", "postgres", 1);
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    Path lua = root.resolve("bench/submit.lua");
    Path spread = Wrk.keysFile(work, keys);
    Path hot = Wrk.keysFile(work, List.of(keys.get(0)));
    try (Child mr =
        startServer(
            "modelroute-pg",
            data,
            port,
            List.of(
                "--no-workers",
                "--db-url",
                mrUrl,
                "--db-user",
                "postgres",
                "--db-password",
                "postgres"),
            Map.of())) {
      mr.awaitHttp(base + "/readyz", Duration.ofSeconds(120));
      say("warm-up " + sizes.warmSeconds() + " s each");
      Wrk.run(
          lua, base, 2, 16, sizes.warmSeconds(), Map.of("MODELROUTE_KEYS_FILE", spread.toString()));
      JdbcSubmitLoop.run(loopUrl, "postgres", "postgres", 16, sizes.orgs(), sizes.warmSeconds());
      List<Double> mrSpread = new ArrayList<>();
      List<Double> loopSpread = new ArrayList<>();
      List<Double> mrHot = new ArrayList<>();
      List<Double> loopHot = new ArrayList<>();
      for (int r = 1; r <= sizes.rounds(); r++) {
        Wrk.Result m =
            Wrk.run(
                lua,
                base,
                2,
                16,
                sizes.jdbcSeconds(),
                Map.of("MODELROUTE_KEYS_FILE", spread.toString()));
        JdbcSubmitLoop.Result l =
            JdbcSubmitLoop.run(
                loopUrl, "postgres", "postgres", 16, sizes.orgs(), sizes.jdbcSeconds());
        Wrk.Result mh =
            Wrk.run(
                lua,
                base,
                2,
                16,
                sizes.jdbcSeconds(),
                Map.of("MODELROUTE_KEYS_FILE", hot.toString()));
        JdbcSubmitLoop.Result lh =
            JdbcSubmitLoop.run(loopHotUrl, "postgres", "postgres", 16, 1, sizes.jdbcSeconds());
        mrSpread.add(m.requestsPerSecond());
        loopSpread.add(l.perSecond());
        mrHot.add(mh.requestsPerSecond());
        loopHot.add(lh.perSecond());
        String line =
            String.format(
                "round %d: %d orgs: ModelRoute %.0f/s (p99 %s ms, errors %d) | loop %.0f/s (errors %d, rejected %d);"
                    + " one hot org: ModelRoute %.0f/s (p99 %s ms, errors %d) | loop %.0f/s (errors %d)",
                r,
                sizes.orgs(),
                m.requestsPerSecond(),
                Stats.fmt(m.p99()),
                m.errors(),
                l.perSecond(),
                l.errors(),
                l.rejected(),
                mh.requestsPerSecond(),
                Stats.fmt(mh.p99()),
                mh.errors(),
                lh.perSecond(),
                lh.errors());
        say(line);
        details.add("2 submit PostgreSQL 16 clients " + line);
      }
      double ratio = Stats.median(mrSpread) / Stats.median(loopSpread);
      double hotRatio = Stats.median(mrHot) / Stats.median(loopHot);
      rows.add(
          new Row(
              "2",
              "submit on PostgreSQL, " + sizes.orgs() + " organizations, 16 clients",
              rate(Stats.median(mrSpread)),
              "bare-JDBC loop " + rate(Stats.median(loopSpread)),
              ratio(ratio),
              "≥ 1.0 ×",
              met(ratio >= 1.0)));
      rows.add(
          new Row(
              "2",
              "submit on PostgreSQL, one hot organization, 16 clients",
              rate(Stats.median(mrHot)),
              "bare-JDBC loop, one account " + rate(Stats.median(loopHot)),
              ratio(hotRatio),
              "≥ 2 ×",
              met(hotRatio >= 2)));
    }
  }

  // ---------------------------------------------------------------- figure 3: burn-down

  private void burnDown() throws Exception {
    Pg pg = pg();
    Path catalog = root.resolve("bench/bench-catalog.yaml").toAbsolutePath();
    String[][] runs = {
      {"modelroute", "postgresql"},
      {"db-scheduler", "postgresql"},
      {"jobrunr", "postgresql"},
      {"modelroute", "h2"},
      {"db-scheduler", "h2"}
    };
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (int r = 1; r <= sizes.rounds(); r++) {
      for (String[] run : runs) {
        String system = run[0];
        String db = run[1];
        String name = (system.replace("-", "") + "_" + db.substring(0, 2) + "_" + r).toLowerCase();
        Path dir = Files.createDirectories(work.resolve("burn-" + name));
        String url =
            db.equals("postgresql")
                ? pg.create("burn_" + name)
                : "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath();
        Child c =
            Child.start(
                "burn-down " + name,
                work.resolve("burn-" + name + ".log"),
                Map.of(),
                List.of(
                    "-cp",
                    benchJar.toString(),
                    "io.modelroute.bench.BurnDown",
                    system,
                    db,
                    url,
                    String.valueOf(sizes.burnJobs()),
                    String.valueOf(sizes.burnTimeout()),
                    dir.toString(),
                    catalog.toString(),
                    String.valueOf(sizes.burnWarmup())));
        int code =
            c.await(
                Duration.ofSeconds(
                    5L * sizes.burnTimeout()
                        + 240)); // warm-up and measured run, each queued and burnt
        Matcher m =
            Pattern.compile(
                    "RESULT .* n=(\\d+) done=(\\d+) seconds=([0-9.]+) rate=([0-9.]+) failed=(\\d+) queue_seconds=([0-9.]+) requested=(\\d+)")
                .matcher(c.output());
        String key = system + " on " + db;
        if (!m.find()) {
          String line =
              "round "
                  + r
                  + " "
                  + key
                  + ": no result (exit "
                  + code
                  + "); log "
                  + c.log()
                  + "\n"
                  + c.tail(15);
          say(line);
          details.add("3 burn-down " + line.lines().findFirst().orElse(""));
          continue;
        }
        long done = Long.parseLong(m.group(2));
        double rate = Double.parseDouble(m.group(4));
        rates.computeIfAbsent(key, k -> new ArrayList<>()).add(rate);
        String line =
            String.format(
                    "round %d %s: %d/%s done in %s s = %.0f/s (queued in %s s, not timed)%s%s",
                    r,
                    key,
                    done,
                    m.group(1),
                    m.group(3),
                    rate,
                    m.group(6),
                    done < sizes.burnJobs() ? " (TIMED OUT: rate is a lower bound)" : "",
                    Long.parseLong(m.group(5)) > 0 ? " (" + m.group(5) + " not COMPLETED)" : "")
                + (Long.parseLong(m.group(1)) < Long.parseLong(m.group(7))
                    ? " (QUEUEING CAPPED: only "
                        + m.group(1)
                        + " of "
                        + m.group(7)
                        + " queued in time)"
                    : "");
        say(line);
        details.add("3 burn-down " + sizes.burnJobs() + " jobs, 16 threads, " + line);
      }
    }
    double mrPg = Stats.median(rates.getOrDefault("modelroute on postgresql", List.of()));
    double dsPg = Stats.median(rates.getOrDefault("db-scheduler on postgresql", List.of()));
    double jrPg = Stats.median(rates.getOrDefault("jobrunr on postgresql", List.of()));
    double mrH2 = Stats.median(rates.getOrDefault("modelroute on h2", List.of()));
    double dsH2 = Stats.median(rates.getOrDefault("db-scheduler on h2", List.of()));
    String what =
        "burn-down of "
            + sizes.burnJobs()
            + " queued zero-latency executions (after an untimed "
            + sizes.burnWarmup()
            + "), ";
    rows.add(
        new Row(
            "3",
            what + "PostgreSQL",
            rate(mrPg),
            "db-scheduler lock-and-fetch, 16 threads " + rate(dsPg),
            ratio(mrPg / dsPg),
            "≥ 0.5 ×",
            met(mrPg / dsPg >= 0.5)));
    rows.add(
        new Row(
            "3",
            what + "PostgreSQL",
            rate(mrPg),
            "JobRunr, 16 workers " + rate(jrPg),
            ratio(mrPg / jrPg),
            "≥ 1.5 ×",
            met(mrPg / jrPg >= 1.5)));
    rows.add(
        new Row(
            "3",
            what + "H2",
            rate(mrH2),
            "db-scheduler fetch on H2, 16 threads " + rate(dsH2),
            ratio(mrH2 / dsH2),
            "≥ 0.5 ×",
            met(mrH2 / dsH2 >= 0.5)));
  }

  // ---------------------------------------------------------------- figure 4: added latency

  private void addedLatency() throws Exception {
    Pg pg = pg();
    String url = pg.create("mr_latency");
    Path data = Files.createDirectories(work.resolve("latency"));
    Path catalog = root.resolve("bench/bench-catalog.yaml").toAbsolutePath();
    try (FakeOpenAi fake = new FakeOpenAi(50)) {
      int port = freePort();
      String base = "http://127.0.0.1:" + port;
      Map<String, String> env =
          Map.of("OPENAI_BASE_URL", fake.baseUrl(), "OPENAI_API_KEY", "sk-bench-fake");
      try (Child mr =
          startServer(
              "modelroute-latency",
              data,
              port,
              List.of(
                  "--db-url",
                  url,
                  "--db-user",
                  "postgres",
                  "--db-password",
                  "postgres",
                  "--catalog",
                  catalog.toString()),
              env)) {
        mr.awaitHttp(base + "/readyz", Duration.ofSeconds(120));
        String key = fundedKey(data, base);
        HttpClient client = Paced.client();
        java.util.function.IntFunction<HttpRequest> viaSync =
            i ->
                HttpRequest.newBuilder(URI.create(base + "/v1/executions"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .header("Prefer", "wait=60")
                    .timeout(Duration.ofSeconds(90))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"bench-openai\",\"input\":{\"prompt\":\"sync "
                                + i
                                + "\"}}"))
                    .build();
        java.util.function.IntFunction<HttpRequest> direct =
            i ->
                HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer sk-bench-fake")
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(90))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"fake-50ms\",\"messages\":[{\"role\":\"user\",\"content\":\"direct "
                                + i
                                + "\"}],\"max_tokens\":16,\"stream\":false}"))
                    .build();
        java.util.function.IntFunction<HttpRequest> viaAsync =
            i ->
                HttpRequest.newBuilder(URI.create(base + "/v1/executions"))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"bench-openai\",\"input\":{\"prompt\":\"req-"
                                + i
                                + "\"}}"))
                    .build();
        say("warm-up " + sizes.warmSeconds() + " s each");
        Paced.run(
            client,
            viaSync,
            50,
            Duration.ofSeconds(sizes.warmSeconds()),
            5000,
            Duration.ofSeconds(60),
            SYNC_OK);
        Paced.run(
            client,
            direct,
            50,
            Duration.ofSeconds(sizes.warmSeconds()),
            5000,
            Duration.ofSeconds(60),
            SYNC_OK);
        List<Double> add50 = new ArrayList<>();
        List<Double> add99 = new ArrayList<>();
        List<Double> via50 = new ArrayList<>();
        List<Double> direct50 = new ArrayList<>();
        List<Double> via99 = new ArrayList<>();
        List<Double> direct99 = new ArrayList<>();
        List<Double> async50 = new ArrayList<>();
        List<Double> async99 = new ArrayList<>();
        Duration run = Duration.ofSeconds(sizes.latencySeconds());
        for (int r = 1; r <= sizes.rounds(); r++) {
          Paced.Result v =
              Paced.run(client, viaSync, 50, run, 5000, Duration.ofSeconds(90), SYNC_OK);
          Paced.Result d =
              Paced.run(client, direct, 50, run, 5000, Duration.ofSeconds(90), SYNC_OK);
          add50.add(v.p(50) - d.p(50));
          add99.add(v.p(99) - d.p(99));
          via50.add(v.p(50));
          direct50.add(d.p(50));
          via99.add(v.p(99));
          direct99.add(d.p(99));
          String line =
              String.format(
                  "round %d SYNC at 50 req/s: via ModelRoute %s | direct %s | added p50 %s ms, p99 %s ms",
                  r,
                  v.summary(),
                  d.summary(),
                  Stats.fmt(v.p(50) - d.p(50)),
                  Stats.fmt(v.p(99) - d.p(99)));
          say(line);
          details.add("4 " + line);
          fake.arrivals().clear();
          Paced.Result a =
              Paced.run(
                  client, viaAsync, 100, run, 5000, Duration.ofSeconds(30), (s, b) -> s == 202);
          long until = System.nanoTime() + 30_000_000_000L;
          while (fake.arrivals().size() < a.ok() && System.nanoTime() < until) {
            Thread.sleep(20);
          }
          List<Long> waits = new ArrayList<>();
          for (Map.Entry<Integer, Long> e : Map.copyOf(fake.arrivals()).entrySet()) {
            waits.add((e.getValue() - a.intended(e.getKey())) / 1000);
          }
          long[] w = Paced.toArray(waits);
          double p50 = Stats.percentile(w, 50) / 1000.0;
          double p99 = Stats.percentile(w, 99) / 1000.0;
          async50.add(p50);
          async99.add(p99);
          String aline =
              String.format(
                  "round %d ASYNC at 100 req/s: submits %s; arrived at the provider %d, submit→arrival p50 %s ms, p99 %s ms, max %s ms",
                  r,
                  a.summary(),
                  w.length,
                  Stats.fmt(p50),
                  Stats.fmt(p99),
                  Stats.fmt(Stats.percentile(w, 100) / 1000.0));
          say(aline);
          details.add("4 " + aline);
        }
        double a50 = Stats.median(add50);
        double a99 = Stats.median(add99);
        rows.add(
            new Row(
                "4",
                "latency a SYNC execution adds over calling the 50 ms server directly, 50 req/s open loop, PostgreSQL: p50",
                "+" + ms(a50) + " (" + ms(Stats.median(via50)) + ")",
                "direct " + ms(Stats.median(direct50)),
                "—",
                "≤ 5 ms",
                met(a50 <= 5)));
        rows.add(
            new Row(
                "4",
                "… p99",
                "+" + ms(a99) + " (" + ms(Stats.median(via99)) + ")",
                "direct " + ms(Stats.median(direct99)),
                "—",
                "≤ 15 ms",
                met(a99 <= 15)));
        double s50 = Stats.median(async50);
        double s99 = Stats.median(async99);
        rows.add(
            new Row(
                "4",
                "ASYNC submit → provider request arrival, 100 req/s, PostgreSQL: p50 / p99",
                ms(s50) + " / " + ms(s99),
                "—",
                "—",
                "≤ 5 ms / ≤ 50 ms",
                met(s50 <= 5 && s99 <= 50)));
      }
    }
  }

  // ---------------------------------------------------------------- figure 5: parked SYNC requests

  private void parked() throws Exception {
    Path data = Files.createDirectories(work.resolve("parked"));
    Path catalog = work.resolve("parked-catalog.yaml");
    Files.writeString(
        catalog,
        Files.readString(root.resolve("bench/bench-catalog.yaml"))
            .replace("latency_ms: 20000", "latency_ms: " + sizes.parkedLatencyMs()));
    int n = sizes.parked();
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    try (Child mr =
        startServer(
            "modelroute-parked", data, port, List.of("--catalog", catalog.toString()), Map.of())) {
      mr.awaitHttp(base + "/readyz", Duration.ofSeconds(120));
      String key = fundedKey(data, base);
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(60))
              .build();
      Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
      AtomicInteger finished = new AtomicInteger();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        HttpRequest req =
            HttpRequest.newBuilder(URI.create(base + "/v1/executions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Prefer", "wait=60")
                .timeout(Duration.ofSeconds(180))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"bench-slow\",\"input\":{\"prompt\":\"parked " + i + "\"}}"))
                .build();
        client
            .sendAsync(req, HttpResponse.BodyHandlers.ofString())
            .whenComplete(
                (r, e) -> {
                  Throwable cause =
                      e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                          ? e.getCause()
                          : e;
                  String outcome =
                      e != null
                          ? "error "
                              + cause.getClass().getSimpleName()
                              + " ("
                              + cause.getMessage()
                              + ")"
                          : r.statusCode()
                              + (r.body().contains("\"COMPLETED\"") ? " COMPLETED" : " other");
                  outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                  finished.incrementAndGet();
                });
      }
      say(
          String.format(
              "%d SYNC requests sent in %.1f s; sampling the server while they are parked",
              n, (System.nanoTime() - t0) / 1e9));
      double maxWaiting = 0;
      long maxThreadsOs = 0;
      double maxThreadsJvm = 0;
      String heap = "n/a";
      boolean measured = false;
      long deadline =
          System.nanoTime() + Duration.ofMillis(sizes.parkedLatencyMs()).plusSeconds(150).toNanos();
      while (finished.get() < n && System.nanoTime() < deadline) {
        Map<String, Double> metrics = metrics(client, base);
        if (metrics.isEmpty()) {
          Thread.sleep(500);
          continue; // /metrics did not answer in time: sample again
        }
        double waiting = metrics.getOrDefault("modelroute_waiting_requests", 0.0);
        maxThreadsJvm =
            Math.max(maxThreadsJvm, metrics.getOrDefault("jvm_threads_live_threads", 0.0));
        maxThreadsOs = Math.max(maxThreadsOs, Machine.threads(mr.pid()));
        // measure the heap once: when all are parked, or as soon as the parked count starts to fall
        boolean falling = maxWaiting > 0 && waiting < maxWaiting * 0.97;
        maxWaiting = Math.max(maxWaiting, waiting);
        if (!measured && (waiting >= n || falling)) {
          heap = Machine.liveHeapAfterGc(mr.pid());
          measured = true;
          say(
              String.format(
                  "at %.1f s: %.0f parked (max so far %.0f), live heap after GC %s",
                  (System.nanoTime() - t0) / 1e9, waiting, maxWaiting, heap));
        }
        Thread.sleep(500);
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      int completed = outcomes.getOrDefault("200 COMPLETED", new AtomicInteger()).get();
      String line =
          String.format(
              "%d SYNC requests, demo model %d ms: outcomes %s, wall %.1f s; parked (max sampled) %.0f;"
                  + " server threads (max sampled) %d OS / %.0f JVM; live heap after GC while parked %s",
              n,
              sizes.parkedLatencyMs(),
              new java.util.TreeMap<>(outcomes),
              wall,
              maxWaiting,
              maxThreadsOs,
              maxThreadsJvm,
              heap);
      say(line);
      details.add("5 " + line);
      // answered = 200 with the finished execution, or 202 when its 60 s wait ran out first (the
      // SYNC
      // contract); anything else (a connection closed without an answer, a 5xx) is a lost request
      int waitedOut = outcomes.getOrDefault("202 other", new AtomicInteger()).get();
      rows.add(
          new Row(
              "5",
              n + " parked SYNC requests: answered (200 COMPLETED + 202 wait ran out)",
              completed + " + " + waitedOut + " of " + n,
              "—",
              "—",
              "all",
              met(completed + waitedOut == n)));
      rows.add(
          new Row(
              "5",
              "… server threads while parked (max sampled)",
              maxThreadsOs + " OS, " + (long) maxThreadsJvm + " JVM",
              "—",
              "—",
              "within the configured pools",
              "see note"));
      double heapMb = parseMb(heap);
      rows.add(
          new Row(
              "5",
              "… live heap after GC while parked",
              heap,
              "—",
              "—",
              "≤ 256 MB",
              met(heapMb <= 256)));
    }
  }

  private static double parseMb(String heap) {
    Matcher m = Pattern.compile("([0-9.]+) MB").matcher(heap);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static Map<String, Double> metrics(HttpClient client, String base) {
    Map<String, Double> out = new java.util.HashMap<>();
    try {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String line : r.body().split("\n")) {
        int sp = line.lastIndexOf(' ');
        if (line.startsWith("#") || sp < 0) {
          continue;
        }
        String name = line.substring(0, sp);
        int brace = name.indexOf('{');
        if (brace >= 0) {
          name = name.substring(0, brace);
        }
        try {
          out.merge(name, Double.parseDouble(line.substring(sp + 1)), Double::sum);
        } catch (NumberFormatException ignored) {
          // not a sample line
        }
      }
    } catch (IOException | InterruptedException e) {
      // sample again next time
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A FULL key of a new organization with 10,000,000 credit, made through the admin API with the
   * dev admin token: the dev organization's 100 credit runs out within seconds of load, and 402s
   * are not submits.
   */
  private static String fundedKey(Path data, String base) throws Exception {
    String token = Child.awaitFile(data.resolve("dev-admin-token"), Duration.ofSeconds(60));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/admin/v1/organizations"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"bench-"
                                + System.nanoTime()
                                + "\",\"credit\":\"10000000\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "creating the bench organization: " + r.statusCode() + " " + r.body());
    }
    return io.modelroute.Json.mapper().readTree(r.body()).get("api_key").asText();
  }

  private Child startServer(
      String name, Path data, int port, List<String> extra, Map<String, String> env)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "-jar",
                jar.toAbsolutePath().toString(),
                "serve",
                "--dev",
                "--port",
                String.valueOf(port),
                "--host",
                "127.0.0.1",
                "--data-dir",
                data.toString(),
                "--rate-limit",
                "1000000",
                "--rate-burst",
                "1000000",
                "--max-connections-per-ip",
                "0")); // figure 5 opens 10,000 from one address
    cmd.addAll(extra);
    say("starting " + name + ": modelroute.jar " + String.join(" ", cmd.subList(2, cmd.size())));
    return Child.start(name, work.resolve(name + ".log"), env, cmd);
  }

  private Pg pg() throws Exception {
    if (pg == null) {
      say("starting embedded PostgreSQL (fsync on)...");
      pg = new Pg();
      say(
          "PostgreSQL "
              + pg.version()
              + ", fsync="
              + pg.setting("fsync")
              + ", synchronous_commit="
              + pg.setting("synchronous_commit"));
    }
    return pg;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      say("could not delete " + dir + ": " + e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        "| # | figure | ModelRoute | baseline | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      b.append("| ")
          .append(
              String.join(
                  " | ",
                  r.figure(),
                  r.what(),
                  r.modelRoute(),
                  r.baseline(),
                  r.ratio(),
                  r.target(),
                  r.met()))
          .append(" |\n");
    }
    return b.toString().strip();
  }

  private static String rate(double v) {
    return Double.isNaN(v) ? "n/a" : String.format("%,.0f/s", v);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format("%.2f ×", v);
  }

  private static String ms(double v) {
    return Stats.fmt(v) + " ms";
  }

  private static String met(boolean ok) {
    return ok ? "yes" : "no";
  }

  private static String oneLine(Throwable e) {
    String s = String.valueOf(e.getMessage());
    return s.lines().findFirst().orElse(e.getClass().getSimpleName()).replace('|', '/');
  }

  private static void say(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
