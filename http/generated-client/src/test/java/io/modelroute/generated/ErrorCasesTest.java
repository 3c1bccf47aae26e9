package io.modelroute.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.generated.api.ExecutionsApi;
import io.modelroute.generated.model.CreateExecutionRequest;
import io.modelroute.generated.model.ErrorCode;
import io.modelroute.generated.model.ErrorObject;
import io.modelroute.generated.model.ExecutionStatus;
import io.modelroute.generated.model.FieldError;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Error answers as the generated client reports them: an ApiException with the status and an error
 * body (docs/http-api.md).
 */
class ErrorCasesTest {
  static LiveServer live;
  static ExecutionsApi executions;

  @BeforeAll
  static void start() {
    live = LiveServer.start("25.00");
    executions = new ExecutionsApi(live.client());
  }

  static ErrorObject failure(int status, ThrowingCallable call) throws Exception {
    ApiException e = catchThrowableOfType(ApiException.class, call);
    assertThat(e).as("an ApiException").isNotNull();
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
    ErrorObject error = LiveServer.error(e);
    assertThat(error.getRequestId()).startsWith("req_");
    assertThat(e.getResponseHeaders().firstValue("X-Request-Id")).hasValue(error.getRequestId());
    assertThat(error.getMessage()).isNotBlank();
    assertThat(error.getRetryable()).isNotNull();
    return error;
  }

  static ExecutionsApi.APICreateExecutionRequest create(String model, Map<String, Object> input) {
    return ExecutionsApi.APICreateExecutionRequest.newBuilder()
        .createExecutionRequest(new CreateExecutionRequest().model(model).input(input))
        .build();
  }

  @Test
  void aWrongKeyIs401Unauthorized() throws Exception {
    ExecutionsApi stranger = new ExecutionsApi(live.client("sk_" + "0".repeat(64) + "_00000000"));
    ErrorObject error =
        failure(
            401,
            () ->
                stranger.listExecutions(
                    ExecutionsApi.APIListExecutionsRequest.newBuilder().build()));
    assertThat(error.getCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(error.getRetryable()).isFalse();
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> stranger.getExecution("exec_00000000-0000-0000-0000-000000000000"));
    assertThat(e.getResponseHeaders().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void anUnknownExecutionIs404NotFound() throws Exception {
    assertThat(
            failure(404, () -> executions.getExecution("exec_00000000-0000-0000-0000-000000000000"))
                .getCode())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void anInvalidInputIs400WithADetailPerField() throws Exception {
    ErrorObject error =
        failure(400, () -> executions.createExecution(create("flux-1.1-pro", Map.of("width", 99))));
    assertThat(error.getCode()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(error.getDetails())
        .extracting(FieldError::getField, d -> d.getCode().getValue())
        .contains(
            org.assertj.core.groups.Tuple.tuple("input.prompt", "REQUIRED"),
            org.assertj.core.groups.Tuple.tuple("input.width", "OUT_OF_RANGE"));
    ErrorObject rawUrl =
        failure(
            400,
            () ->
                executions.createExecution(
                    create("flux-1.1-pro", Map.of("prompt", "https://evil.example/cat.png"))));
    assertThat(rawUrl.getDetails())
        .extracting(d -> d.getCode().getValue())
        .containsExactly("RAW_URL_NOT_ALLOWED");
  }

  @Test
  void aHoldLargerThanTheAvailableBalanceIs402InsufficientBalance() throws Exception {
    ExecutionsApi poor = new ExecutionsApi(live.client(live.organization("0.01")));
    ErrorObject error =
        failure(
            402, () -> poor.createExecution(create("flux-1.1-pro", Map.of("prompt", "a red fox"))));
    assertThat(error.getCode()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
    assertThat(error.getRetryable()).isFalse();
  }

  @Test
  void cancellingACompletedExecutionIs409ConflictAndReusingAnIdempotencyKeyIs422()
      throws Exception {
    String id =
        executions
            .createExecution(
                ExecutionsApi.APICreateExecutionRequest.newBuilder()
                    .createExecutionRequest(
                        new CreateExecutionRequest()
                            .model("flux-1.1-pro")
                            .input(Map.of("prompt", "first")))
                    .idempotencyKey("order-42")
                    .build())
            .getId();
    live.driveUntil(() -> executions.getExecution(id).getStatus() == ExecutionStatus.COMPLETED);
    assertThat(failure(409, () -> executions.cancelExecution(id)).getCode())
        .isEqualTo(ErrorCode.CONFLICT);
    ErrorObject reused =
        failure(
            422,
            () ->
                executions.createExecution(
                    ExecutionsApi.APICreateExecutionRequest.newBuilder()
                        .createExecutionRequest(
                            new CreateExecutionRequest()
                                .model("flux-1.1-pro")
                                .input(Map.of("prompt", "second")))
                        .idempotencyKey("order-42")
                        .build()));
    assertThat(reused.getCode()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
  }
}
