package io.modelroute.execution;

import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.auth.Principal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Submit throughput of {@link ExecutionService#create} without HTTP: 16 client threads, each
 * submitting the documented request ({@code flux-1.1-pro}, its own Idempotency-Key) in a loop,
 * against the embedded H2 file database and an embedded PostgreSQL with default durability (fsync
 * and synchronous commit on, {@code pg_stat_statements} loaded), once spread over 1,000
 * organizations and once on one hot organization, with group commit off and on in turn (twice
 * each). Prints submits/s, p50/p99 and statements per submit (JDBI statement executions, which miss
 * the plain-JDBC multi-row inserts; for PostgreSQL also {@code pg_stat_statements} calls, BEGIN and
 * COMMIT included).
 *
 * <p>Not a test: run it by hand (see docs/group-commit.md): {@code java -cp
 * core/target/test-classes:core/target/classes:$(cat cp.txt)
 * io.modelroute.execution.SubmitThroughput [seconds=10] [clients=16] [h2|pg|both]}; {@code
 * -Dmodes=on} or {@code off} runs only one mode.
 */
public final class SubmitThroughput {
  private static final String INPUT = "{\"prompt\": \"A futuristic city skyline at sunset\"}";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    String which = args.length > 2 ? args[2] : "both";
    System.out.printf(
        Locale.ROOT,
        "== submit throughput, %d clients, %d s per figure, %d cores, %s%n",
        clients,
        seconds,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    if (!which.equals("pg")) {
      Path dir = Files.createTempDirectory("submit-bench-h2");
      run("H2 file", ModelRouteConfig.builder().dataDir(dir), null, seconds, clients);
    }
    if (!which.equals("h2")) {
      try (EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "100")
              .setServerConfig("shared_preload_libraries", "pg_stat_statements")
              .setServerConfig("pg_stat_statements.track_utility", "on")
              .start()) {
        try (Connection c = pg.getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE bench");
        }
        String url = pg.getJdbcUrl("postgres", "bench");
        Path dir = Files.createTempDirectory("submit-bench-pg");
        run(
            "PostgreSQL",
            ModelRouteConfig.builder()
                .dataDir(dir)
                .jdbcUrl(url)
                .dbUser("postgres")
                .dbPassword("postgres"),
            pg,
            seconds,
            clients);
      }
    }
  }

  private static void run(
      String db, ModelRouteConfig.Builder config, EmbeddedPostgres pg, int seconds, int clients)
      throws Exception {
    config.startWorkers(false).dbPoolSize(Math.max(24, clients + 8));
    List<String> manySecrets;
    List<String> hotSecrets;
    try (ModelRoute mr = ModelRoute.start(config.build())) {
      manySecrets = organizations(mr, 1000);
      hotSecrets = organizations(mr, 1);
    }
    // alternate group commit off (every submit its own transaction, as before) and on, so both
    // see the same machine load and a database of about the same size
    List<GroupCommitSettings> modes =
        switch (System.getProperty("modes", "alternate")) {
          case "on" -> List.of(GroupCommitSettings.defaults());
          case "off" -> List.of(GroupCommitSettings.OFF);
          default ->
              List.of(
                  GroupCommitSettings.OFF,
                  GroupCommitSettings.defaults(),
                  GroupCommitSettings.OFF,
                  GroupCommitSettings.defaults());
        };
    for (GroupCommitSettings mode : modes) {
      String label =
          db + ", group commit " + (mode.enabled() ? "on (batch " + mode.maxBatch() + ")" : "off");
      try (ModelRoute mr = ModelRoute.start(config.groupCommit(mode).build())) {
        LongAdder statements = new LongAdder();
        mr.database()
            .jdbi()
            .setSqlLogger(
                new SqlLogger() {
                  @Override
                  public void logAfterExecution(StatementContext context) {
                    statements.increment();
                  }
                });
        List<Principal> many = manySecrets.stream().map(mr.apiKeys()::authenticate).toList();
        List<Principal> hot = hotSecrets.stream().map(mr.apiKeys()::authenticate).toList();
        measure(mr, many, 2, clients, statements, null); // warm-up: JIT and the database caches
        System.out.println(
            label
                + ", 1,000 organizations: "
                + measure(mr, many, seconds, clients, statements, pg));
        System.out.println(
            label
                + ", one hot organization: "
                + measure(mr, hot, seconds, clients, statements, pg));
        List<String> broken = mr.billing().invariantViolations();
        if (!broken.isEmpty()) {
          throw new IllegalStateException("ledger invariant broken for " + broken);
        }
      }
    }
  }

  private static List<String> organizations(ModelRoute mr, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          mr.organizations().create("bench-" + n + "-" + i, Money.parse("1000000")).key().secret());
    }
    return out;
  }

  private static String measure(
      ModelRoute mr,
      List<Principal> orgs,
      int seconds,
      int clients,
      LongAdder statements,
      EmbeddedPostgres pg)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[][] latencies = new long[clients][];
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    String prefix = "bench-" + System.nanoTime() + "-";
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t =
          new Thread(
              () -> {
                long[] lat = new long[1 << 20];
                int n = 0;
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                while (!stop.get()) {
                  Principal p = orgs.get(ThreadLocalRandom.current().nextInt(orgs.size()));
                  long start = System.nanoTime();
                  try {
                    mr.executions()
                        .create(
                            p,
                            CreateExecution.of("flux-1.1-pro", Json.readObject(INPUT)),
                            prefix + client + "-" + n,
                            null);
                    done.incrementAndGet();
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                  }
                  if (n < lat.length) {
                    lat[n++] = System.nanoTime() - start;
                  }
                }
                latencies[client] = java.util.Arrays.copyOf(lat, n);
              },
              "bench-client-" + c);
      threads.add(t);
      t.start();
    }
    long calls0 = pgCalls(pg);
    long statements0 = statements.sum();
    long t0 = System.nanoTime();
    go.countDown();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long calls = pgCalls(pg) - calls0;
    long stmts = statements.sum() - statements0;
    long[] all =
        java.util.Arrays.stream(latencies)
            .flatMapToLong(java.util.Arrays::stream)
            .sorted()
            .toArray();
    long n = done.get();
    return String.format(
        Locale.ROOT,
        "%,.0f submits/s (%d in %.1f s, %d failed), p50 %.2f ms, p99 %.2f ms, %.2f JDBI statements/submit%s",
        n / elapsed,
        n,
        elapsed,
        failed.get(),
        pct(all, 0.50),
        pct(all, 0.99),
        (double) stmts / Math.max(1, n),
        pg == null
            ? ""
            : String.format(
                Locale.ROOT,
                ", %.2f pg_stat_statements calls/submit",
                (double) calls / Math.max(1, n)));
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
  }

  /** Calls of the bench database's statements so far, BEGIN and COMMIT included. */
  private static long pgCalls(EmbeddedPostgres pg) throws Exception {
    if (pg == null) {
      return 0;
    }
    try (Connection c = pg.getDatabase("postgres", "bench").getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT COALESCE(SUM(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                  + "WHERE d.datname = 'bench' AND s.query NOT LIKE '%pg_stat_statements%'")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
