package io.modelroute.generated.gson;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.generated.LiveServer;
import io.modelroute.generated.gson.api.ExecutionsApi;
import io.modelroute.generated.gson.model.CreateExecutionRequest;
import io.modelroute.generated.gson.model.Execution;
import io.modelroute.generated.gson.model.ExecutionMode;
import io.modelroute.generated.gson.model.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SYNC and {@code Prefer: wait} through the okhttp-gson client: 200 with the finished execution.
 */
class GsonSyncTest {
  static LiveServer live;
  static ExecutionsApi executions;

  @BeforeAll
  static void start() {
    live = LiveServer.start("25.00");
    executions = new ExecutionsApi(GsonClients.client(live, live.key));
  }

  static CreateExecutionRequest haiku() {
    return new CreateExecutionRequest()
        .model("text-generation-standard")
        .input(Map.of("prompt", "Write a haiku about queues", "max_tokens", 64));
  }

  @Test
  void aSyncCreateAnswers200WithTheCompletedExecutionAndItsResult() throws Exception {
    ApiResponse<Execution> answer =
        live.driveWhile(
            () ->
                executions.createExecutionWithHttpInfo(
                    haiku().mode(ExecutionMode.SYNC), null, null, null));
    assertThat(answer.getStatusCode()).isEqualTo(200);
    Execution done = answer.getData();
    assertThat(done.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(done.getMode()).isEqualTo(ExecutionMode.SYNC);
    assertThat(done.getCost()).isNotNull();
    assertThat(done.getResult().getText()).isNotBlank();
    assertThat(done.getCompletedAt()).isNotNull();
  }

  @Test
  void preferWaitAnswers200WithTheCompletedExecutionAndSaysThePreferenceWasApplied()
      throws Exception {
    ApiResponse<Execution> answer =
        live.driveWhile(
            () -> executions.createExecutionWithHttpInfo(haiku(), null, "wait=30", null));
    assertThat(answer.getStatusCode()).isEqualTo(200);
    assertThat(GsonClients.header(answer.getHeaders(), "Preference-Applied")).isEqualTo("wait=30");
    assertThat(answer.getData().getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(answer.getData().getMode()).isEqualTo(ExecutionMode.ASYNC);
    assertThat(answer.getData().getCost()).isNotNull();
  }

  @Test
  void aWaitThatRunsOutAnswers202WithTheExecutionAsItIsThen() throws Exception {
    ApiResponse<Execution> answer =
        executions.createExecutionWithHttpInfo(
            haiku().mode(ExecutionMode.SYNC), null, "wait=1", null);
    assertThat(answer.getStatusCode()).isEqualTo(202);
    assertThat(answer.getData().getStatus()).isEqualTo(ExecutionStatus.PENDING);
    assertThat(answer.getData().getMode()).isEqualTo(ExecutionMode.SYNC);
  }
}
