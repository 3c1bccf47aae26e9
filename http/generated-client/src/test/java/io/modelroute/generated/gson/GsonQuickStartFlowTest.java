package io.modelroute.generated.gson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.generated.LiveServer;
import io.modelroute.generated.gson.api.BillingApi;
import io.modelroute.generated.gson.api.ExecutionsApi;
import io.modelroute.generated.gson.api.FilesApi;
import io.modelroute.generated.gson.model.Balance;
import io.modelroute.generated.gson.model.CreateExecution202Response;
import io.modelroute.generated.gson.model.CreateExecutionRequest;
import io.modelroute.generated.gson.model.ErrorCode;
import io.modelroute.generated.gson.model.Execution;
import io.modelroute.generated.gson.model.ExecutionAccepted;
import io.modelroute.generated.gson.model.ExecutionOutputImagesInner;
import io.modelroute.generated.gson.model.ExecutionResult;
import io.modelroute.generated.gson.model.ExecutionStatus;
import io.modelroute.generated.gson.model.Transaction;
import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's quick start, through the okhttp-gson client generated from the served document. */
class GsonQuickStartFlowTest {
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
    ApiClient client = GsonClients.client(live, live.organization("25.00"));
    executions = new ExecutionsApi(client);
    files = new FilesApi(client);
    billing = new BillingApi(client);
  }

  static CreateExecutionRequest quickStart() {
    return new CreateExecutionRequest()
        .model("flux-1.1-pro")
        .input(Map.of("prompt", "A futuristic city skyline at sunset"));
  }

  @Test
  void anAsyncCreateIsAcceptedReplayedPolledToCompletedAndItsFileBalanceAndLedgerRead()
      throws Exception {
    ApiResponse<CreateExecution202Response> created =
        GsonClients.create(executions, quickStart(), "my-unique-key-123", null);
    assertThat(created.getStatusCode()).isEqualTo(202);
    ExecutionAccepted accepted = created.getData().getExecutionAccepted();
    assertThat(accepted.getId()).matches("exec_[0-9a-f-]{36}");
    assertThat(accepted.getStatus()).isEqualTo(ExecutionStatus.PENDING);
    assertThat(accepted.getModel()).isEqualTo("flux-1.1-pro");
    assertThat(accepted.getHoldAmount()).isEqualTo("0.048");
    assertThat(accepted.getEstimatedCost()).isEqualTo("0.040");
    assertThat(accepted.getCreatedAt()).isNotNull();
    assertThat(accepted.getExpiresAt()).isAfter(accepted.getCreatedAt());
    String id = accepted.getId();

    ApiResponse<CreateExecution202Response> again =
        GsonClients.create(executions, quickStart(), "my-unique-key-123", null);
    assertThat(again.getStatusCode()).isEqualTo(202);
    assertThat(GsonClients.header(again.getHeaders(), "Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.getData().getExecutionAccepted().getId()).isEqualTo(id);

    ApiException early =
        catchThrowableOfType(ApiException.class, () -> executions.getExecutionResult(id));
    assertThat(early.getCode()).isEqualTo(409);
    assertThat(GsonClients.error(early).getCode()).isEqualTo(ErrorCode.CONFLICT);

    live.driveUntil(() -> executions.getExecution(id).getStatus() == ExecutionStatus.COMPLETED);
    Execution done = executions.getExecution(id);
    assertThat(done.getCost()).isEqualTo("0.040");
    assertThat(done.getAttempts()).isEqualTo(1);
    assertThat(done.getCompletedAt()).isNotNull();
    String fileId = done.getResult().getFileId();
    assertThat(fileId).startsWith("file_");
    assertThat(done.getResult().getContentType()).isEqualTo("image/png");

    File png = files.downloadFile(fileId, null, null);
    assertThat(Files.readAllBytes(png.toPath())).startsWith(0x89, 'P', 'N', 'G');

    Balance balance = billing.getBalance();
    assertThat(balance.getBalance()).isEqualTo("24.960");
    assertThat(balance.getHeld()).isEqualTo("0.000");
    assertThat(balance.getAvailable()).isEqualTo("24.960");
    assertThat(balance.getCurrency()).hasToString("USD");
    assertThat(billing.listTransactions(100, null).getData())
        .filteredOn(t -> id.equals(t.getExecutionId()))
        .extracting(t -> t.getType().getValue(), Transaction::getAmount)
        .contains(Tuple.tuple("CAPTURE", "0.040"));
  }

  @Test
  void theResultOfACompletedImageExecutionIsItsImageOutputWithCostAndLatency() throws Exception {
    String id = GsonClients.accepted(executions, quickStart(), null).getId();
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
