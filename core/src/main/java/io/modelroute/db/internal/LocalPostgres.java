package io.modelroute.db.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database: a PostgreSQL server that ModelRoute runs itself from the binaries
 * of the {@code io.zonky.test.postgres} artifacts (so there is nothing to install), with its data
 * in {@code <dataDir>/pg}, {@code fsync} and {@code synchronous_commit} on, listening on localhost
 * only.
 *
 * <p>Why not H2: under concurrent writers and repeated kill -9 the H2 file database rewinds
 * identity sequences and lets its file grow without bound (docs/crash-safety.md has the evidence).
 *
 * <p>A kill -9 of the JVM leaves the postmaster running (it is a separate process); the next open
 * of the same data directory finds it through {@code postmaster.pid} and reuses it, so a restart
 * loses nothing and waits for nothing. A {@code postmaster.pid} whose process is gone, or is not a
 * postgres, is stale and removed. A second local process (the admin CLI) connects to the running
 * server instead of opening files. The instance that started it, or that took it over, owns it
 * ({@code pg/modelroute.owner}) and stops it on {@link #close()}; others leave it running.
 *
 * <p>Thread-safe: immutable after {@link #open}.
 */
public final class LocalPostgres implements AutoCloseable {
  /** The database ModelRoute uses inside the local server. */
  public static final String DATABASE = "modelroute";

  /** The superuser initdb created; the server trusts local connections (localhost only). */
  public static final String USER = "postgres";

  /** How long a start (including crash recovery of a killed postmaster) may take. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
  private static final String OWNER_FILE = "modelroute.owner";

  private final Path dir;
  private final int port;
  private final long pid;
  private final EmbeddedPostgres started;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Thread stopOnExit = new Thread(this::close, "modelroute-local-postgres-stop");

  /** Who owns the server: this process and this instance (two in one JVM are told apart). */
  private final String token = ProcessHandle.current().pid() + ":" + java.util.UUID.randomUUID();

  private LocalPostgres(Path dir, int port, long pid, EmbeddedPostgres started) {
    this.dir = dir;
    this.port = port;
    this.pid = pid;
    this.started = started;
  }

  /**
   * Starts the server for {@code dataDir}, or attaches to the one already running there (after a
   * crash of the process that started it, or while a server node runs).
   *
   * @param takeOver whether this process becomes the owner (and stops it on close) even if another
   *     live process owns it; a server node takes over, the admin CLI does not
   */
  public static LocalPostgres open(Path dataDir, boolean takeOver) {
    Path dir = dataDir.toAbsolutePath().resolve("pg");
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
              FileChannel.open(
                  dataDir.toAbsolutePath().resolve("pg.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        LocalPostgres pg = attachOrStart(dataDir, dir);
        pg.createDatabaseIfMissing();
        Optional<String> owner = readOwner(dir);
        if (pg.started != null || takeOver || owner.isEmpty() || !isAlive(ownerPid(owner.get()))) {
          Files.writeString(dir.resolve(OWNER_FILE), pg.token + "\n");
        }
        // a JVM that exits without closing ModelRoute still stops the server it owns (kill -9 does
        // not)
        Runtime.getRuntime().addShutdownHook(pg.stopOnExit);
        return pg;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local PostgreSQL in " + dir, e);
    }
  }

  private static LocalPostgres attachOrStart(Path dataDir, Path dir) throws IOException {
    Optional<Running> running = running(dir);
    if (running.isPresent()) {
      LOG.info(
          "using the local PostgreSQL already running for {} (pid {}, port {})",
          dir,
          running.get().pid(),
          running.get().port());
      LocalPostgres pg = new LocalPostgres(dir, running.get().port(), running.get().pid(), null);
      pg.awaitAccepting();
      return pg;
    }
    Path log = dataDir.toAbsolutePath().resolve("postgres.log");
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    EmbeddedPostgres started;
    try {
      started = startServer(dir, log);
    } catch (IOException | RuntimeException e) {
      // what the server said is the only clue (a port taken in between, a full disk, a stale lock)
      throw new IOException(
          "the local PostgreSQL in "
              + dir
              + " did not start: "
              + e.getMessage()
              + "; its log says: "
              + logSince(log, logStart),
          e);
    }
    long pid = running(dir).map(Running::pid).orElse(-1L);
    LOG.info("started the local PostgreSQL for {} (pid {}, port {})", dir, pid, started.getPort());
    return new LocalPostgres(dir, started.getPort(), pid, started);
  }

  private static EmbeddedPostgres startServer(Path dir, Path log) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(START_TIMEOUT)
        // crash safety: the builder's test defaults (fsync off via -F, synchronous_commit off)
        // overridden
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("max_connections", "200")
        // a small node keeps 2 WAL segments instead of 5 (PostgreSQL's default min_wal_size 80MB)
        .setServerConfig("min_wal_size", "32MB")
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * The last lines the server wrote to {@code log} after {@code offset} (at most 2,000 characters).
   */
  private static String logSince(Path log, long offset) {
    try {
      byte[] all = Files.readAllBytes(log);
      String text =
          new String(
                  all,
                  (int) Math.min(offset, all.length),
                  (int) Math.max(0, all.length - offset),
                  java.nio.charset.StandardCharsets.UTF_8)
              .strip();
      return text.isEmpty()
          ? "(nothing)"
          : text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** {@code jdbc:postgresql://localhost:PORT/modelroute}. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  /** Stops the server if this process owns it; otherwise leaves it running for its owner. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != stopOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds it closed
      }
    }
    Path lockFile = dir.getParent().resolve("pg.lock");
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      if (!readOwner(dir).map(token::equals).orElse(false)) {
        return;
      }
      if (started != null) {
        started.close(); // pg_ctl stop -m fast: committed work is on disk, sessions are cut
      } else {
        stopAdopted();
      }
      Files.deleteIfExists(dir.resolve(OWNER_FILE));
    } catch (IOException e) {
      LOG.warn("stopping the local PostgreSQL in {} failed", dir, e);
    }
  }

  /** SIGTERM (smart shutdown), then, if it lingers, SIGKILL (safe: the WAL is fsynced). */
  private void stopAdopted() {
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty()) {
      return;
    }
    p.get().destroy();
    try {
      p.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      p.get().destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // it is gone either way
    }
  }

  private void awaitAccepting() throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    SQLException last = null;
    while (Instant.now().isBefore(deadline)) {
      try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "")) {
        return;
      } catch (SQLException e) {
        last = e; // starting up or recovering
      }
      try {
        Thread.sleep(100); // another process is starting; nothing to wait on in-process
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for PostgreSQL", e);
      }
    }
    throw new IOException(
        "the local PostgreSQL on port " + port + " does not accept connections", last);
  }

  private void createDatabaseIfMissing() throws IOException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
        PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      q.setString(1, DATABASE);
      try (ResultSet rs = q.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + DATABASE);
      }
    } catch (SQLException e) {
      throw new IOException(
          "cannot create the database " + DATABASE + " in the local PostgreSQL", e);
    }
  }

  /** The live postmaster of {@code dir}, if any; a stale {@code postmaster.pid} is removed. */
  private static Optional<Running> running(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.size() < 4) {
      return Optional
          .empty(); // being written by a starting postmaster; pg_ctl start will sort it out
    }
    long pid;
    int port;
    try {
      pid = Long.parseLong(lines.get(0).trim());
      port = Integer.parseInt(lines.get(3).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    boolean isPostgres =
        p.flatMap(h -> h.info().command())
            .map(cmd -> cmd.contains("postgres"))
            .orElse(p.isPresent());
    if (p.isEmpty() || !isPostgres) {
      LOG.info(
          "removing stale {} (pid {} is {})",
          pidFile,
          pid,
          p.isEmpty() ? "gone" : "not a postgres");
      Files.deleteIfExists(pidFile);
      return Optional.empty();
    }
    return Optional.of(new Running(pid, port));
  }

  /** The owner's token, {@code <pid>:<instance>}. */
  private static Optional<String> readOwner(Path dir) throws IOException {
    try {
      return Optional.of(Files.readString(dir.resolve(OWNER_FILE)).trim());
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static long ownerPid(String token) {
    try {
      return Long.parseLong(
          token.substring(0, token.indexOf(':') < 0 ? token.length() : token.indexOf(':')));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean isAlive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private record Running(long pid, int port) {}
}
