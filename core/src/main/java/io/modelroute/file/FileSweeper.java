package io.modelroute.file;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes files past their expiry, with their bytes — READY files whose TTL ran out and
 * uploads never completed within their URL's hour. A background thread ({@link #start()}) runs a
 * sweep every {@link #DEFAULT_INTERVAL}; tests call {@link #runOnce(Instant)} with a settable
 * clock. Several nodes may sweep at once: each file is deleted (and audited) exactly once.
 * Thread-safe.
 *
 * <p>Expired files are invisible to every read the moment they expire; the sweep only reclaims
 * their space, so its interval does not decide when a file stops being served.
 */
public final class FileSweeper implements AutoCloseable {
  /** Time between sweeps of the background thread. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  static final int BATCH = 100;

  private static final Logger LOG = LoggerFactory.getLogger(FileSweeper.class);

  private final FileService files;
  private final Clock clock;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  /**
   * A sweeper over {@code files}; {@code ModelRoute} builds the one {@code
   * ModelRoute.fileSweeper()} returns and starts it unless workers are off.
   *
   * @param interval time between background sweeps, positive
   */
  public FileSweeper(FileService files, Clock clock, Duration interval) {
    this.files = Objects.requireNonNull(files, "files");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
  }

  /** Deletes every file expired at {@code now}; returns how many. */
  public int runOnce(Instant now) {
    int total = 0;
    int n;
    do {
      n = files.deleteExpired(now, BATCH);
      total += n;
    } while (n == BATCH);
    return total;
  }

  /** Starts sweeping in the background; does nothing when already started. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "modelroute-file-sweeper");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void sweep() {
    try {
      int n = runOnce(clock.instant());
      if (n > 0) {
        LOG.info("retention deleted {} expired file(s)", n);
      }
    } catch (RuntimeException e) {
      LOG.warn("file retention sweep failed; trying again in {}", interval, e);
    }
  }

  /** Stops the background thread; a sweep in progress finishes its current file. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
  }
}
