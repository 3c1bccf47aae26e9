package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.api.Execution;
import io.modelroute.api.ExecutionMode;
import io.modelroute.api.ExecutionStatus;
import io.modelroute.client.FakeTime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveOutputTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final FakeTime time = new FakeTime();

  LiveOutput live(boolean interactive, boolean streamText) {
    return new LiveOutput(
        new PrintWriter(out),
        new PrintWriter(err),
        new CliEnvironment(Map.of(), time.clock, time, interactive),
        streamText);
  }

  static Execution execution(ExecutionStatus status) {
    return new Execution(
        "exec_1",
        status,
        ExecutionMode.STREAMING,
        "m",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void onATerminalTheLineShowsProgressAndStepsAsideOnceTextFlows() {
    try (LiveOutput live = live(true, true)) {
      live.onStatus(execution(ExecutionStatus.PROCESSING));
      time.sleep(Duration.ofSeconds(2));
      live.onProgress(42);
      live.onDelta("Hello");
      live.onDelta(", world");
      live.onStatus(execution(ExecutionStatus.COMPLETED));

      assertThat(live.streamed()).isEqualTo("Hello, world");
    }

    assertThat(out.toString()).isEqualTo("Hello, world");
    // (the once-a-second refresh could add a line in between on a very slow machine)
    assertThat(err.toString())
        .startsWith("\rexec_1  PROCESSING  0s")
        .endsWith("\rexec_1  PROCESSING  42%  2s\n");
  }

  @Test
  void withoutStreamingTextTheChunksAreNotPrinted() {
    try (LiveOutput live = live(false, false)) {
      live.onStatus(execution(ExecutionStatus.PENDING));
      live.onDelta("Hello");
      live.onStatus(execution(ExecutionStatus.COMPLETED));

      assertThat(live.streamed()).isEmpty();
    }

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("exec_1  PENDING  0s\nexec_1  COMPLETED  0s\n");
  }
}
