package io.modelroute.cli;

import java.io.PrintWriter;

/**
 * The status line {@code run --wait} keeps on stderr: rewritten in place on a terminal, one line
 * per status change otherwise (logs, pipes, tests).
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

  void show(String executionId, String status, long elapsedSeconds) {
    String line = executionId + "  " + status + "  " + elapsedSeconds + "s";
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
  void end() {
    if (interactive && lastWidth > 0) {
      err.println();
      err.flush();
    }
    lastWidth = 0;
  }
}
