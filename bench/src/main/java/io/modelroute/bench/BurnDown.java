package io.modelroute.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.modelroute.Json;
import io.modelroute.ModelRoute;
import io.modelroute.ModelRouteConfig;
import io.modelroute.Money;
import io.modelroute.auth.Principal;
import io.modelroute.execution.CreateExecution;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.BackgroundJob;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.common.SqlStorageProviderFactory;

/**
 * One burn-down run in its own JVM: queue N zero-work jobs with nothing running them, then start
 * the workers and time until every one is done. Prints one line {@code RESULT system=… db=… n=…
 * done=… seconds=… rate=…}.
 *
 * <p>Args: {@code SYSTEM(modelroute|db-scheduler|jobrunr) DB(postgresql|h2) JDBC_URL N TIMEOUT_S
 * DATA_DIR CATALOG [WARMUP]}. With WARMUP, that many jobs are first queued and burnt down the same
 * way in the same JVM, untimed, so the measured run sees JIT-compiled code, as a long-running
 * server does. The clock starts just before the workers are started (so each system's own start-up
 * is in the figure) and stops when the last job is seen done.
 */
public final class BurnDown {
  static final int THREADS = 16;
  private static long QUEUE_START;
  private static long QUEUED_AFTER;

  /**
   * Jobs burnt down first in the same JVM, untimed, so the timed run sees warm JIT-compiled code.
   */
  private static int WARMUP;

  /** Starts timing the queueing of the measured jobs. */
  private static void queueing() {
    QUEUE_START = System.nanoTime();
  }

  /** Notes how long setting up and queueing took (printed, not part of the figure). */
  private static long startClock() {
    QUEUED_AFTER = System.nanoTime() - QUEUE_START;
    return System.nanoTime();
  }

  private BurnDown() {}

  public static void main(String[] args) throws Exception {
    String system = args[0];
    String db = args[1];
    String url = args[2];
    int requested = Integer.parseInt(args[3]);
    int timeout = Integer.parseInt(args[4]);
    Path dataDir = Path.of(args[5]);
    Path catalog = Path.of(args[6]);
    WARMUP = args.length > 7 ? Integer.parseInt(args[7]) : 0;
    String user = db.equals("postgresql") ? "postgres" : "sa";
    String password = db.equals("postgresql") ? "postgres" : "";
    long[] r =
        switch (system) {
          case "modelroute" ->
              modelRoute(db, url, user, password, requested, timeout, dataDir, catalog);
          case "db-scheduler" -> dbScheduler(db, url, user, password, requested, timeout);
          case "jobrunr" -> jobRunr(url, user, password, requested, timeout);
          default -> throw new IllegalArgumentException(system);
        };
    double seconds = r[1] / 1e9;
    System.out.printf(
        "RESULT system=%s db=%s n=%d done=%d seconds=%.3f rate=%.1f failed=%d queue_seconds=%.1f requested=%d%n",
        system, db, r[3], r[0], seconds, r[0] / seconds, r[2], QUEUED_AFTER / 1e9, requested);
    System.out.flush();
    System.exit(0);
  }

  // ---- ModelRoute, as a library: ModelRoute.start with workers off to queue, then on

  private static long[] modelRoute(
      String db,
      String url,
      String user,
      String password,
      int n,
      int timeout,
      Path dataDir,
      Path catalog)
      throws Exception {
    ModelRouteConfig.Builder base =
        ModelRouteConfig.builder().dataDir(dataDir).catalogFile(catalog);
    if (db.equals("postgresql")) {
      base.jdbcUrl(url).dbUser(user).dbPassword(password);
    }
    String key;
    try (ModelRoute mr = ModelRoute.start(base.startWorkers(false).build())) {
      key = mr.organizations().create("burn-down", Money.parse("100000")).key().secret();
    }
    if (WARMUP > 0) {
      int w = queueModelRoute(base, key, WARMUP, timeout);
      burnModelRoute(base, w, timeout, System.nanoTime());
    }
    queueing();
    n = queueModelRoute(base, key, n, timeout);
    return burnModelRoute(base, n, timeout, startClock());
  }

  /** Queues {@code n} executions with the workers off; returns how many were queued in time. */
  private static int queueModelRoute(ModelRouteConfig.Builder base, String key, int n, int timeout)
      throws Exception {
    try (ModelRoute mr = ModelRoute.start(base.startWorkers(false).build())) {
      Principal principal = mr.apiKeys().authenticate(key);
      JsonNode input = Json.mapper().readTree("{\"prompt\":\"burn\"}");
      // queueing is bounded too (2 × the run's cap): a slow submit path queues fewer, and says so
      return parallel(
          n,
          i ->
              mr.executions()
                  .create(principal, CreateExecution.of("bench-zero", input), null, null),
          System.nanoTime() + 2L * timeout * 1_000_000_000L);
    }
  }

  /**
   * Starts the workers at {@code t0} and waits until nothing is active; returns {done, elapsed,
   * failed, n}.
   */
  private static long[] burnModelRoute(ModelRouteConfig.Builder base, int n, int timeout, long t0)
      throws Exception {
    String remainingSql =
        "SELECT COUNT(*) FROM executions WHERE status IN ('PENDING', 'PROCESSING', 'AWAITING_WEBHOOK')";
    try (ModelRoute mr = ModelRoute.start(base.startWorkers(true).build())) {
      // counted in memory, as the baselines count their jobs: a COUNT(*) over the table every 50 ms
      // would cost the database more than some of the work measured; the table confirms the end
      AtomicLong finished = new AtomicLong();
      mr.executions()
          .addListener(
              new io.modelroute.execution.ExecutionListener() {
                @Override
                public void changed(
                    io.modelroute.execution.Execution e, io.modelroute.execution.EventType type) {
                  if (e.status().isTerminal()) {
                    finished.incrementAndGet();
                  }
                }
              });
      long before =
          n
              - mr.database()
                  .jdbi()
                  .withHandle(h -> h.createQuery(remainingSql).mapTo(Long.class).one());
      long deadline = t0 + timeout * 1_000_000_000L;
      long remaining = n;
      while (System.nanoTime() < deadline) {
        if (before + finished.get() >= n) {
          remaining =
              mr.database()
                  .jdbi()
                  .withHandle(h -> h.createQuery(remainingSql).mapTo(Long.class).one());
          if (remaining == 0) {
            break;
          }
        }
        Thread.sleep(1);
      }
      if (remaining != 0) {
        remaining =
            mr.database()
                .jdbi()
                .withHandle(h -> h.createQuery(remainingSql).mapTo(Long.class).one());
      }
      long elapsed = System.nanoTime() - t0;
      long failed =
          mr.database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM executions WHERE status <> 'COMPLETED' AND status NOT IN ('PENDING', 'PROCESSING', 'AWAITING_WEBHOOK')")
                          .mapTo(Long.class)
                          .one());
      return new long[] {n - remaining, elapsed, failed, n};
    }
  }

  // ---- db-scheduler: one-time no-op tasks, lock-and-fetch on PostgreSQL, fetch on H2

  private static final AtomicLong DONE = new AtomicLong();

  private static long[] dbScheduler(
      String db, String url, String user, String password, int n, int timeout) throws Exception {
    try (HikariDataSource ds = pool(url, user, password, THREADS + 4)) {
      try (Connection c = ds.getConnection();
          Statement s = c.createStatement()) {
        boolean pg = db.equals("postgresql");
        s.execute(
            "CREATE TABLE scheduled_tasks (task_name "
                + (pg ? "TEXT" : "VARCHAR(100)")
                + " NOT NULL,"
                + " task_instance "
                + (pg ? "TEXT" : "VARCHAR(100)")
                + " NOT NULL, task_data "
                + (pg ? "BYTEA" : "BLOB")
                + ","
                + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by "
                + (pg ? "TEXT" : "VARCHAR(50)")
                + ", last_success TIMESTAMP WITH TIME ZONE,"
                + " last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE,"
                + " version BIGINT NOT NULL, priority SMALLINT, PRIMARY KEY (task_name, task_instance))");
        s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
        s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
        s.execute(
            "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        if (!c.getAutoCommit()) {
          c.commit();
        }
      }
      OneTimeTask<Void> task = Tasks.oneTime("noop").execute((inst, ctx) -> DONE.incrementAndGet());
      SchedulerClient client = SchedulerClient.Builder.create(ds, task).build();
      if (WARMUP > 0) {
        scheduleAll(client, task, "warm-", WARMUP);
        Scheduler warm = dbSchedulerOf(ds, task, db);
        long w0 = System.nanoTime();
        warm.start();
        awaitCount(w0, WARMUP, timeout);
        warm.stop();
        DONE.set(0);
      }
      queueing();
      scheduleAll(client, task, "job-", n);
      Scheduler scheduler = dbSchedulerOf(ds, task, db);
      long t0 = startClock();
      scheduler.start();
      long elapsed = awaitCount(t0, n, timeout);
      scheduler.stop();
      return new long[] {DONE.get(), elapsed, 0, n};
    }
  }

  private static void scheduleAll(
      SchedulerClient client, OneTimeTask<Void> task, String prefix, int n) {
    Instant now = Instant.now();
    List<TaskInstance<?>> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(task.instance(prefix + i));
      if (batch.size() == 1000 || i == n - 1) {
        client.scheduleBatch(batch, now);
        batch.clear();
      }
    }
  }

  private static Scheduler dbSchedulerOf(HikariDataSource ds, OneTimeTask<Void> task, String db) {
    var builder =
        Scheduler.create(ds, task)
            .threads(THREADS)
            .pollingInterval(Duration.ofMillis(500))
            .deleteUnresolvedAfter(Duration.ofDays(1));
    builder =
        db.equals("postgresql")
            ? builder.pollUsingLockAndFetch(0.5, 1.0)
            : builder.pollUsingFetchAndLockOnExecute(0.5, 1.0);
    return builder.build();
  }

  // ---- JobRunr: enqueued no-op background jobs, 16 workers

  /** The job JobRunr runs: counts itself. */
  public static void noop() {
    DONE.incrementAndGet();
  }

  private static long[] jobRunr(String url, String user, String password, int n, int timeout)
      throws Exception {
    try (HikariDataSource ds = pool(url, user, password, THREADS + 4)) {
      StorageProvider storage = SqlStorageProviderFactory.using(ds);
      JobRunr.configure()
          .useStorageProvider(storage)
          .useBackgroundJobServer(
              BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                  .andWorkerCount(THREADS)
                  .andPollInterval(Duration.ofSeconds(5)),
              false)
          .initialize();
      var server = JobRunr.getBackgroundJobServer();
      if (WARMUP > 0) {
        BackgroundJob.enqueue(IntStream.range(0, WARMUP).boxed(), i -> BurnDown.noop());
        long w0 = System.nanoTime();
        server.start();
        awaitCount(w0, WARMUP, timeout);
        server.stop();
        DONE.set(0);
      }
      queueing();
      BackgroundJob.enqueue(IntStream.range(0, n).boxed(), i -> BurnDown.noop());
      long t0 = startClock();
      server.start();
      long elapsed = awaitCount(t0, n, timeout);
      server.stop();
      return new long[] {DONE.get(), elapsed, 0, n};
    }
  }

  private static long awaitCount(long t0, int n, int timeout) throws InterruptedException {
    long deadline = t0 + timeout * 1_000_000_000L;
    while (DONE.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    return System.nanoTime() - t0;
  }

  private static HikariDataSource pool(String url, String user, String password, int size) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(size);
    return new HikariDataSource(hc);
  }

  interface IntTask {
    void run(int i) throws Exception;
  }

  /** Runs {@code task} for 0..n-1 on 16 threads (queueing is not timed). */
  static void parallel(int n, IntTask task) throws Exception {
    parallel(n, task, Long.MAX_VALUE);
  }

  /**
   * Runs {@code task} for 0..n-1 on 16 threads until done or {@code deadlineNanos}; returns how
   * many ran.
   */
  static int parallel(int n, IntTask task, long deadlineNanos) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n
                      && System.nanoTime() - deadlineNanos < 0) {
                    task.run(i);
                    ran.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return ran.get();
    } finally {
      pool.shutdown();
    }
  }
}
