package io.modelroute.bench;

import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.db.internal.TestDatabases;
import io.modelroute.execution.CreateExecution;
import io.modelroute.worker.DispatcherSettings;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/**
 * The engine's end-to-end burn-down, for profiling (not a test): queues N zero-latency demo text
 * executions with the workers stopped, starts the workers and times until every one is terminal.
 *
 * <p>Arguments: {@code H2|POSTGRESQL [count] [threads] [calls per provider] [peer]}; {@code peer}
 * (PostgreSQL) adds a second node that only listens, so the run pays for the cluster signals. Run
 * with JFR, e.g. {@code java -XX:StartFlightRecording=filename=burn.jfr -cp …
 * io.modelroute.bench.BurnDown H2 5000}.
 */
public final class BurnDown {
  private BurnDown() {}

  public static void main(String[] args) throws Exception {
    Dialect dialect = Dialect.valueOf(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : DispatcherSettings.DEFAULT_THREADS;
    int perProvider =
        args.length > 3
            ? Integer.parseInt(args[3])
            : DispatcherSettings.defaultCallsPerProvider(threads);
    try (ModelRoute mr =
        ModelRoute.start(
            ModelRouteConfig.builder()
                .dataDir(Files.createTempDirectory("burn"))
                .jdbcUrl(TestDatabases.jdbcUrl(dialect))
                .dbUser(TestDatabases.user(dialect))
                .dbPassword(TestDatabases.password(dialect))
                .dbPoolSize(32)
                .catalogFile(TestEngine.testCatalog())
                .clock(Clock.systemUTC())
                .startWorkers(false)
                .dispatcher(
                    new DispatcherSettings(
                            "burn",
                            threads,
                            DispatcherSettings.DEFAULT_POLL_INTERVAL,
                            DispatcherSettings.DEFAULT_LEASE,
                            3,
                            Duration.ofSeconds(1))
                        .withMaxCallsPerProvider(perProvider))
                .build())) {
      AutoCloseable peer = () -> {};
      if (args.length > 4 && args[4].equals("peer")) {
        var watch =
            new io.modelroute.execution.ExecutionWatch(
                mr.database().jdbi(),
                new io.modelroute.execution.JdbiExecutionStore(dialect),
                io.modelroute.execution.ExecutionWatch.DEFAULT_RECHECK);
        var signals =
            io.modelroute.execution.ClusterSignals.start(
                mr.database(),
                "peer",
                watch,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        System.out.println(
            "peer listening: "
                + mr.clusterSignals().orElseThrow().awaitPeers(Duration.ofSeconds(10)));
        peer =
            () -> {
              signals.close();
              watch.close();
            };
      }
      var org = mr.organizations().create("burn", Money.parse("100000.00"));
      Principal p = mr.apiKeys().authenticate(org.key().secret());
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        mr.executions()
            .create(
                p,
                CreateExecution.of("test-text", Json.readObject("{\"prompt\":\"burn " + i + "\"}")),
                null,
                null);
      }
      long queued = System.nanoTime();
      mr.dispatcher().start();
      long active;
      do {
        Thread.sleep(250);
        active =
            mr.database()
                .jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT COUNT(*) FROM executions WHERE status IN ('PENDING','PROCESSING','AWAITING_WEBHOOK')")
                            .mapTo(Long.class)
                            .one());
      } while (active > 0);
      long done = System.nanoTime();
      double secs = (done - queued) / 1e9;
      System.out.printf(
          "%s: queued %d in %.2f s; burn-down %.2f s = %.0f executions/s; ledger violations %s%n",
          dialect, n, (queued - t0) / 1e9, secs, n / secs, mr.billing().invariantViolations());
      peer.close();
    }
    System.exit(0);
  }
}
