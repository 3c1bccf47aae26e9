package io.modelroute.provider.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import io.modelroute.provider.ProgressListener;
import io.modelroute.provider.ProviderException;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderOutcome.Completed;
import io.modelroute.provider.ProviderOutcome.Pending;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DemoLatencyTest {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static final DemoRequests SLOW_TEXT =
      DemoRequests.of(Category.TEXT)
          .input("{\"prompt\":\"hello\"}")
          .params("{\"latency_ms\":2000}");

  private final DemoProvider provider = new DemoProvider();

  @Test
  void withoutLatencyStartCompletesAtOnce() {
    ProviderOutcome outcome =
        provider.start(DemoRequests.of(Category.TEXT).input("{\"prompt\":\"hi\"}").build());

    assertThat(outcome).isInstanceOf(Completed.class);
  }

  @Test
  void withLatencyStartIsPendingForTheWholeLatency() {
    Pending pending = (Pending) provider.start(SLOW_TEXT.build());

    assertThat(pending.jobId())
        .startsWith("demo_" + DemoRequests.T0.plusMillis(2000).toEpochMilli() + "_");
    assertThat(pending.awaitingCallback()).isFalse();
    assertThat(pending.pollAfter()).isEqualTo(Duration.ofMillis(2000));
    assertThat(pending.percent()).isZero();
  }

  @Test
  void pollBeforeReadyIsPendingWithTheElapsedPercent() {
    String jobId = ((Pending) provider.start(SLOW_TEXT.build())).jobId();

    Pending pending =
        (Pending) provider.poll(SLOW_TEXT.now(DemoRequests.T0.plusMillis(500)).build(), jobId);

    assertThat(pending.jobId()).isEqualTo(jobId);
    assertThat(pending.awaitingCallback()).isFalse();
    assertThat(pending.percent()).isEqualTo(25);
    assertThat(pending.pollAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void pollJustBeforeReadyReportsAtMost99Percent() {
    String jobId = ((Pending) provider.start(SLOW_TEXT.build())).jobId();

    Pending pending =
        (Pending) provider.poll(SLOW_TEXT.now(DemoRequests.T0.plusMillis(1999)).build(), jobId);

    assertThat(pending.percent()).isEqualTo(99);
    assertThat(pending.pollAfter()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void pollOnceReadyCompletesWithTheOutput() {
    String jobId = ((Pending) provider.start(SLOW_TEXT.build())).jobId();

    Completed done =
        (Completed) provider.poll(SLOW_TEXT.now(DemoRequests.T0.plusMillis(2000)).build(), jobId);
    Completed later =
        (Completed) provider.poll(SLOW_TEXT.now(DemoRequests.T0.plusSeconds(60)).build(), jobId);

    assertThat(done.text()).isNotBlank().isEqualTo(later.text());
    assertThat(done.text())
        .isEqualTo(((Completed) provider.start(SLOW_TEXT.params("{}").build())).text());
  }

  @Test
  void aJobSurvivesARestartBecauseItsIdCarriesTheReadyTime() {
    String jobId = ((Pending) new DemoProvider().start(SLOW_TEXT.build())).jobId();

    ProviderOutcome outcome =
        new DemoProvider().poll(SLOW_TEXT.now(DemoRequests.T0.plusSeconds(3)).build(), jobId);

    assertThat(outcome).isInstanceOf(Completed.class);
  }

  @Test
  void pollReportsProgressToTheListener() {
    List<Integer> progress = new CopyOnWriteArrayList<>();
    ProgressListener listener =
        new ProgressListener() {
          @Override
          public void onProgress(int percent) {
            progress.add(percent);
          }
        };
    String jobId = ((Pending) provider.start(SLOW_TEXT.build())).jobId();

    provider.poll(
        SLOW_TEXT.now(DemoRequests.T0.plusMillis(1000)).listener(listener).build(), jobId);

    assertThat(progress).containsExactly(50);
  }

  @Test
  void slowImageCompletesWithItsPng() {
    DemoRequests image =
        DemoRequests.of(Category.IMAGE)
            .input("{\"prompt\":\"p\",\"width\":32,\"height\":32}")
            .params("{\"latency_ms\":100}");
    String jobId = ((Pending) provider.start(image.build())).jobId();

    Completed done =
        (Completed) provider.poll(image.now(DemoRequests.T0.plusMillis(100)).build(), jobId);

    assertThat(done.media())
        .singleElement()
        .satisfies(m -> assertThat(m.contentType()).isEqualTo("image/png"));
  }

  @Test
  void differentExecutionsGetDifferentJobIds() {
    String a = ((Pending) provider.start(SLOW_TEXT.executionId("exec_a").build())).jobId();
    String b = ((Pending) provider.start(SLOW_TEXT.executionId("exec_b").build())).jobId();

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void pollingAForeignJobIdIsAnInternalError() {
    assertThatThrownBy(() -> provider.poll(SLOW_TEXT.build(), "replicate_123"))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
  }

  @Test
  void cancelIsANoOp() {
    String jobId = ((Pending) provider.start(SLOW_TEXT.build())).jobId();

    provider.cancel(SLOW_TEXT.build(), jobId);

    assertThat(provider.poll(SLOW_TEXT.now(DemoRequests.T0.plusSeconds(5)).build(), jobId))
        .isInstanceOf(Completed.class);
  }
}
