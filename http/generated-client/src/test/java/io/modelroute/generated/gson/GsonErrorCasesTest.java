package io.modelroute.generated.gson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.generated.LiveServer;
import io.modelroute.generated.gson.api.ExecutionsApi;
import io.modelroute.generated.gson.model.CreateExecutionRequest;
import io.modelroute.generated.gson.model.ErrorCode;
import io.modelroute.generated.gson.model.ErrorObject;
import io.modelroute.generated.gson.model.ExecutionStatus;
import io.modelroute.generated.gson.model.FieldError;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Error answers as the okhttp-gson client reports them: an ApiException with the status and an
 * error body (docs/http-api.md).
 */
class GsonErrorCasesTest {
  static LiveServer live;
  static ExecutionsApi executions;

  @BeforeAll
  static void start() {
    live = LiveServer.start("25.00");
    executions = new ExecutionsApi(GsonClients.client(live, live.key));
  }

  static ErrorObject failure(int status, ThrowingCallable call) throws Exception {
    ApiException e = catchThrowableOfType(ApiException.class, call);
    assertThat(e).as("an ApiException").isNotNull();
    assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
    ErrorObject error = GsonClients.error(e);
    assertThat(error.getRequestId()).startsWith("req_");
    assertThat(GsonClients.header(e.getResponseHeaders(), "X-Request-Id"))
        .isEqualTo(error.getRequestId());
    assertThat(error.getMessage()).isNotBlank();
    assertThat(error.getRetryable()).isNotNull();
    return error;
  }

  static CreateExecutionRequest create(String model, Map<String, Object> input) {
    return new CreateExecutionRequest().model(model).input(input);
  }

  @Test
  void aWrongKeyIs401Unauthorized() throws Exception {
    ExecutionsApi stranger =
        new ExecutionsApi(GsonClients.client(live, "sk_" + "0".repeat(64) + "_00000000"));
    ErrorObject error =
        failure(401, () -> stranger.listExecutions(null, null, null, null, null, null, null));
    assertThat(error.getCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(error.getRetryable()).isFalse();
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> stranger.getExecution("exec_00000000-0000-0000-0000-000000000000"));
    assertThat(GsonClients.header(e.getResponseHeaders(), "WWW-Authenticate")).startsWith("Bearer");
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
        failure(
            400,
            () ->
                executions.createExecution(
                    create("flux-1.1-pro", Map.of("width", 99)), null, null, null));
    assertThat(error.getCode()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
    assertThat(error.getDetails())
        .extracting(FieldError::getField, d -> d.getCode().getValue())
        .contains(
            Tuple.tuple("input.prompt", "REQUIRED"), Tuple.tuple("input.width", "OUT_OF_RANGE"));
    ErrorObject rawUrl =
        failure(
            400,
            () ->
                executions.createExecution(
                    create("flux-1.1-pro", Map.of("prompt", "https://evil.example/cat.png")),
                    null,
                    null,
                    null));
    assertThat(rawUrl.getDetails())
        .extracting(d -> d.getCode().getValue())
        .containsExactly("RAW_URL_NOT_ALLOWED");
  }

  @Test
  void aHoldLargerThanTheAvailableBalanceIs402InsufficientBalance() throws Exception {
    ExecutionsApi poor = new ExecutionsApi(GsonClients.client(live, live.organization("0.01")));
    ErrorObject error =
        failure(
            402,
            () ->
                poor.createExecution(
                    create("flux-1.1-pro", Map.of("prompt", "a red fox")), null, null, null));
    assertThat(error.getCode()).isEqualTo(ErrorCode.INSUFFICIENT_BALANCE);
    assertThat(error.getRetryable()).isFalse();
  }

  @Test
  void cancellingACompletedExecutionIs409ConflictAndReusingAnIdempotencyKeyIs422()
      throws Exception {
    String id =
        GsonClients.accepted(
                executions, create("flux-1.1-pro", Map.of("prompt", "first")), "order-42")
            .getId();
    live.driveUntil(() -> executions.getExecution(id).getStatus() == ExecutionStatus.COMPLETED);
    assertThat(failure(409, () -> executions.cancelExecution(id)).getCode())
        .isEqualTo(ErrorCode.CONFLICT);
    ErrorObject reused =
        failure(
            422,
            () ->
                GsonClients.create(
                    executions,
                    create("flux-1.1-pro", Map.of("prompt", "second")),
                    "order-42",
                    null));
    assertThat(reused.getCode()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
  }
}
