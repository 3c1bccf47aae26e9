package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {
  final StringWriter err = new StringWriter();

  @Test
  void onATerminalTheStatusLineIsRewrittenInPlace() {
    Progress progress = new Progress(new PrintWriter(err), true);

    progress.show("exec_1", "PROCESSING", 0);
    progress.show("exec_1", "PROCESSING", 1);
    progress.show("exec_1", "COMPLETED", 2);
    progress.end();

    assertThat(err.toString())
        .isEqualTo("\rexec_1  PROCESSING  0s\rexec_1  PROCESSING  1s\rexec_1  COMPLETED  2s \n");
  }

  @Test
  void elsewhereEachStatusChangeIsOneLine() {
    Progress progress = new Progress(new PrintWriter(err), false);

    progress.show("exec_1", "PENDING", 0);
    progress.show("exec_1", "PENDING", 1);
    progress.show("exec_1", "COMPLETED", 2);
    progress.end();

    assertThat(err.toString()).isEqualTo("exec_1  PENDING  0s\nexec_1  COMPLETED  2s\n");
  }

  @Test
  void theProvidersProgressIsShownBetweenStatusAndTime() {
    Progress progress = new Progress(new PrintWriter(err), true);

    progress.show("exec_1", "PROCESSING", 42, 3);
    progress.show("exec_1", "COMPLETED", null, 4);
    progress.end();

    assertThat(err.toString())
        .isEqualTo("\rexec_1  PROCESSING  42%  3s\rexec_1  COMPLETED  4s      \n");
  }
}
