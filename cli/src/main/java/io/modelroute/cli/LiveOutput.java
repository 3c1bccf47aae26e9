package io.modelroute.cli;

import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionStatus;
import io.modelroute.client.ExecutionListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code run --wait} shows while an execution runs: the {@link Progress} line on stderr
 * (status, the provider's last progress percentage, elapsed seconds — refreshed every second on a
 * terminal) and, for a streaming text model, the text on stdout chunk by chunk as it arrives. Once
 * text is flowing on a terminal the status line stays quiet, so the two do not overwrite each
 * other. Thread-safe; {@link #close()} stops the ticker and ends the status line.
 */
final class LiveOutput implements ExecutionListener, AutoCloseable {
  private final Progress progress;
  private final PrintWriter out;
  private final Clock clock;
  private final Instant start;
  private final boolean interactive;
  private final boolean streamText;
  private final StringBuilder streamed = new StringBuilder();
  private final ScheduledExecutorService ticker;
  private String executionId;
  private ExecutionStatus status;
  private Integer percent;

  /**
   * @param streamText whether text chunks go to {@code out} (false under {@code --json})
   */
  LiveOutput(PrintWriter out, PrintWriter err, CliEnvironment environment, boolean streamText) {
    this.progress = new Progress(err, environment.interactive());
    this.out = out;
    this.clock = environment.clock();
    this.start = clock.instant();
    this.interactive = environment.interactive();
    this.streamText = streamText;
    if (interactive) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "modelroute-progress");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::show, 1, 1, TimeUnit.SECONDS);
    } else {
      ticker = null;
    }
  }

  @Override
  public synchronized void onStatus(Execution execution) {
    executionId = execution.id();
    if (execution.status() != status) {
      percent = null;
    }
    status = execution.status();
    show();
  }

  @Override
  public synchronized void onProgress(int percent) {
    this.percent = percent;
    show();
  }

  @Override
  public synchronized void onDelta(String text) {
    if (!streamText) {
      return;
    }
    if (streamed.isEmpty() && interactive) {
      progress.end();
    }
    streamed.append(text);
    out.print(text);
    out.flush();
  }

  /** The text printed so far. */
  synchronized String streamed() {
    return streamed.toString();
  }

  private synchronized void show() {
    if (executionId == null || (interactive && !streamed.isEmpty())) {
      return;
    }
    long elapsed = Duration.between(start, clock.instant()).toSeconds();
    progress.show(executionId, status.name(), status.isTerminal() ? null : percent, elapsed);
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    progress.end();
  }
}
