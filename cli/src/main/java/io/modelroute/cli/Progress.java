package io.modelroute.cli;

import java.io.PrintWriter;

/**
 * The status line {@code run --wait} keeps on stderr ({@code exec_… PROCESSING 42% 3s}): rewritten
 * in place on a terminal, one line per status change otherwise (logs, pipes, tests). Thread-safe: a
 * ticker may refresh it while the waiting thread reports events.
 */
final class Progress {
  private final PrintWriter err;
  private final boolean interactive;
  private String lastStatus;
  private int lastWidth;

  Progress(PrintWriter err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  synchronized void show(String executionId, String status, long elapsedSeconds) {
    show(executionId, status, null, elapsedSeconds);
  }

  /** Shows the line; {@code percent} is the provider's last progress report, or {@code null}. */
  synchronized void show(String executionId, String status, Integer percent, long elapsedSeconds) {
    String line =
        executionId
            + "  "
            + status
            + (percent == null ? "" : "  " + percent + "%")
            + "  "
            + elapsedSeconds
            + "s";
    if (interactive) {
      err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = line.length();
      err.flush();
    } else if (!status.equals(lastStatus)) {
      err.println(line);
      err.flush();
    }
    lastStatus = status;
  }

  /** Ends the line so later messages start on their own. */
  synchronized void end() {
    if (interactive && lastWidth > 0) {
      err.println();
      err.flush();
    }
    lastWidth = 0;
  }
}
