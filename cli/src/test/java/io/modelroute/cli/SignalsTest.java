package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SignalsTest {
  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aHandledSignalRunsTheAction() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    // SIGWINCH: ignored by default, so a failed install cannot end the test JVM
    Signals.handle("WINCH", ran::countDown);

    Process kill =
        new ProcessBuilder("kill", "-WINCH", Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start();

    assertThat(kill.waitFor()).isZero();
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anUnknownSignalIsAnIllegalArgument() {
    assertThatThrownBy(() -> Signals.handle("NO_SUCH_SIGNAL", () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
