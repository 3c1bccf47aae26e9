package io.modelroute.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.generated.api.BillingApi;
import io.modelroute.generated.api.ExecutionsApi;
import io.modelroute.generated.api.FilesApi;
import io.modelroute.generated.model.Balance;
import io.modelroute.generated.model.CreateExecutionRequest;
import io.modelroute.generated.model.ErrorCode;
import io.modelroute.generated.model.Execution;
import io.modelroute.generated.model.ExecutionOutputImagesInner;
import io.modelroute.generated.model.ExecutionResult;
import io.modelroute.generated.model.ExecutionStatus;
import io.modelroute.generated.model.Transaction;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's quick start, through the client generated from the served document. */
class QuickStartFlowTest {
  static LiveServer live;
  ExecutionsApi executions;
  FilesApi files;
  BillingApi billing;

  @BeforeAll
  static void start() {
    live = LiveServer.start("1.00");
  }

  /** Each test its own organization with 25.00 USD, so balances and ledgers are its own. */
  @BeforeEach
  void organization() {
    ApiClient client = live.client(live.organization("25.00"));
    executions = new ExecutionsApi(client);
    files = new FilesApi(client);
    billing = new BillingApi(client);
  }

  static ExecutionsApi.APICreateExecutionRequest quickStart(String idempotencyKey) {
    return ExecutionsApi.APICreateExecutionRequest.newBuilder()
        .createExecutionRequest(
            new CreateExecutionRequest()
                .model("flux-1.1-pro")
                .input(Map.of("prompt", "A futuristic city skyline at sunset")))
        .idempotencyKey(idempotencyKey)
        .build();
  }

  @Test
  void anAsyncCreateIsAcceptedReplayedPolledToCompletedAndItsFileBalanceAndLedgerRead()
      throws Exception {
    ApiResponse<Execution> created =
        executions.createExecutionWithHttpInfo(quickStart("my-unique-key-123"));
    assertThat(created.getStatusCode()).isEqualTo(202);
    Execution accepted = created.getData();
    assertThat(accepted.getId()).matches("exec_[0-9a-f-]{36}");
    assertThat(accepted.getStatus()).isEqualTo(ExecutionStatus.PENDING);
    assertThat(accepted.getModel()).isEqualTo("flux-1.1-pro");
    assertThat(accepted.getHoldAmount()).isEqualTo("0.048");
    assertThat(accepted.getEstimatedCost()).isEqualTo("0.040");
    assertThat(accepted.getCreatedAt()).isNotNull();
    assertThat(accepted.getExpiresAt()).isAfter(accepted.getCreatedAt());
    String id = accepted.getId();

    ApiResponse<Execution> again =
        executions.createExecutionWithHttpInfo(quickStart("my-unique-key-123"));
    assertThat(again.getStatusCode()).isEqualTo(202);
    assertThat(again.getHeaders().get("idempotent-replayed")).containsExactly("true");
    assertThat(again.getData().getId()).isEqualTo(id);

    ApiException early =
        catchThrowableOfType(ApiException.class, () -> executions.getExecutionResult(id));
    assertThat(early.getCode()).isEqualTo(409);
    assertThat(LiveServer.error(early).getCode()).isEqualTo(ErrorCode.CONFLICT);

    live.driveUntil(() -> executions.getExecution(id).getStatus() == ExecutionStatus.COMPLETED);
    Execution done = executions.getExecution(id);
    assertThat(done.getCost()).isEqualTo("0.040");
    assertThat(done.getAttempts()).isEqualTo(1);
    assertThat(done.getCompletedAt()).isNotNull();

    String fileId = done.getResult().getFileId();
    assertThat(fileId).startsWith("file_");
    assertThat(done.getResult().getContentType()).isEqualTo("image/png");

    File png = files.downloadFile(FilesApi.APIDownloadFileRequest.newBuilder().id(fileId).build());
    assertThat(Files.readAllBytes(png.toPath())).startsWith(0x89, 'P', 'N', 'G');

    Balance balance = billing.getBalance();
    assertThat(balance.getBalance()).isEqualTo("24.960");
    assertThat(balance.getHeld()).isEqualTo("0.000");
    assertThat(balance.getAvailable()).isEqualTo("24.960");
    assertThat(balance.getCurrency()).hasToString("USD");
    assertThat(
            billing
                .listTransactions(
                    BillingApi.APIListTransactionsRequest.newBuilder().limit(100).build())
                .getData())
        .filteredOn(t -> id.equals(t.getExecutionId()))
        .extracting(t -> t.getType().getValue(), Transaction::getAmount)
        .contains(org.assertj.core.groups.Tuple.tuple("CAPTURE", "0.040"));
  }

  @Test
  void theResultOfACompletedImageExecutionIsItsImageOutputWithCostAndLatency() throws Exception {
    String id = executions.createExecution(quickStart(null)).getId();
    live.driveUntil(() -> executions.getExecution(id).getStatus() == ExecutionStatus.COMPLETED);
    ExecutionResult result = executions.getExecutionResult(id);
    assertThat(result.getExecutionId()).isEqualTo(id);
    assertThat(result.getCost()).isEqualTo("0.040");
    assertThat(result.getLatencyMs()).isNotNull();
    ExecutionOutputImagesInner image = result.getOutput().getImages().get(0);
    assertThat(image.getFileId()).isEqualTo(executions.getExecution(id).getResult().getFileId());
    assertThat(image.getFormat()).isEqualTo("png");
    assertThat(image.getWidth()).isEqualTo(1024);
    assertThat(image.getHeight()).isEqualTo(768);
  }
}
