package io.modelroute.generated;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.generated.api.ExecutionsApi;
import io.modelroute.generated.model.CreateExecutionRequest;
import io.modelroute.generated.model.Execution;
import io.modelroute.generated.model.ExecutionMode;
import io.modelroute.generated.model.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SYNC and {@code Prefer: wait} through the generated client: 200 with the finished execution. */
class SyncTest {
  static LiveServer live;
  static ExecutionsApi executions;

  @BeforeAll
  static void start() {
    live = LiveServer.start("25.00");
    executions = new ExecutionsApi(live.client());
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
                    ExecutionsApi.APICreateExecutionRequest.newBuilder()
                        .createExecutionRequest(haiku().mode(ExecutionMode.SYNC))
                        .build()));
    assertThat(answer.getStatusCode()).isEqualTo(200);
    Execution done = answer.getData();
    assertThat(done.getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(done.getMode()).isEqualTo(ExecutionMode.SYNC);
    assertThat(done.getCost()).isNotNull();
    assertThat(done.getResult()).isNotNull();
    assertThat(done.getCompletedAt()).isNotNull();
  }

  @Test
  void preferWaitAnswers200WithTheCompletedExecutionAndSaysThePreferenceWasApplied()
      throws Exception {
    ApiResponse<Execution> answer =
        live.driveWhile(
            () ->
                executions.createExecutionWithHttpInfo(
                    ExecutionsApi.APICreateExecutionRequest.newBuilder()
                        .createExecutionRequest(haiku())
                        .prefer("wait=30")
                        .build()));
    assertThat(answer.getStatusCode()).isEqualTo(200);
    assertThat(answer.getHeaders().get("preference-applied")).containsExactly("wait=30");
    assertThat(answer.getData().getStatus()).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(answer.getData().getMode()).isEqualTo(ExecutionMode.ASYNC);
    assertThat(answer.getData().getCost()).isNotNull();
  }

  @Test
  void theSyncAnswerCarriesTheTextResult() throws Exception {
    Execution done =
        live.driveWhile(
            () ->
                executions.createExecution(
                    ExecutionsApi.APICreateExecutionRequest.newBuilder()
                        .createExecutionRequest(haiku().mode(ExecutionMode.SYNC))
                        .build()));
    assertThat(done.getResult().getText()).isNotBlank();
  }

  @Test
  void aWaitThatRunsOutAnswers202WithTheExecutionAsItIsThen() throws Exception {
    ApiResponse<Execution> answer =
        executions.createExecutionWithHttpInfo(
            ExecutionsApi.APICreateExecutionRequest.newBuilder()
                .createExecutionRequest(haiku().mode(ExecutionMode.SYNC))
                .prefer("wait=1")
                .build());
    assertThat(answer.getStatusCode()).isEqualTo(202);
    assertThat(answer.getData().getStatus()).isEqualTo(ExecutionStatus.PENDING);
    assertThat(answer.getData().getMode()).isEqualTo(ExecutionMode.SYNC);
  }
}
