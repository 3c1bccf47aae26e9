package io.modelroute.generated.gson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.file.TestFiles;
import io.modelroute.generated.LiveServer;
import io.modelroute.generated.gson.api.ExecutionsApi;
import io.modelroute.generated.gson.api.FilesApi;
import io.modelroute.generated.gson.model.ConfirmFileRequest;
import io.modelroute.generated.gson.model.CreateExecutionRequest;
import io.modelroute.generated.gson.model.ExecutionAccepted;
import io.modelroute.generated.gson.model.ExecutionStatus;
import io.modelroute.generated.gson.model.ModelFile;
import io.modelroute.generated.gson.model.UploadRequest;
import io.modelroute.generated.gson.model.UploadTicket;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file flow of docs/files.md (request an upload, PUT the bytes, confirm, use, download) through
 * the okhttp-gson client.
 */
class GsonFileFlowTest {
  static LiveServer live;
  static FilesApi files;
  static ExecutionsApi executions;

  @BeforeAll
  static void start() {
    live = LiveServer.start("25.00");
    files = new FilesApi(GsonClients.client(live, live.key));
    executions = new ExecutionsApi(GsonClients.client(live, live.key));
  }

  /**
   * The generated {@code uploadFileBytes} on the upload URL's own server: the document gives the
   * operation the server {@code {scheme}://{host}/v1/files} with defaults for both variables.
   * GENERATOR DEFECT (openapi-generator 7.25.0, java okhttp-gson): the operation's base path is
   * that template literally ({@code localBasePaths}), the variables neither filled with their
   * defaults nor settable, so without a custom base URL the call goes to {@code
   * {scheme}://{host}/…}. {@code setCustomBaseUrl} names the server (the part of {@code upload_url}
   * before {@code /upload/}). Unlike the native library, okhttp-gson sends a {@code File} body as
   * the file's bytes (once it has a content type: see {@link
   * GsonClients.WorkaroundClient#serialize}).
   */
  static ModelFile upload(UploadTicket ticket, Path bytes) throws Exception {
    String url = ticket.getUploadUrl().toString();
    int at = url.lastIndexOf("/upload/");
    FilesApi uploader = new FilesApi(GsonClients.client(live, live.key));
    uploader.setCustomBaseUrl(url.substring(0, at));
    return uploader.uploadFileBytes(url.substring(at + "/upload/".length()), bytes.toFile());
  }

  @Test
  void anUploadedPngIsConfirmedUsedAsAModelInputAndDownloadedWholeInPartsAndNotModified(
      @TempDir Path dir) throws Exception {
    ApiResponse<UploadTicket> requested =
        files.requestUploadWithHttpInfo(
            new UploadRequest().purpose(UploadRequest.PurposeEnum.INPUT));
    assertThat(requested.getStatusCode()).isEqualTo(201);
    UploadTicket ticket = requested.getData();
    assertThat(ticket.getFileId()).startsWith("file_");
    assertThat(ticket.getUploadUrl().toString())
        .startsWith(live.baseUrl + "/v1/files/upload/" + ticket.getFileId() + ".");

    byte[] png = TestFiles.png();
    Path photo = Files.write(dir.resolve("input-photo.png"), png);
    ModelFile put = upload(ticket, photo);
    assertThat(put.getId()).isEqualTo(ticket.getFileId());
    assertThat(put.getStatus()).isEqualTo(ModelFile.StatusEnum.READY);
    assertThat(put.getContentType()).isEqualTo("image/png");
    assertThat(put.getSizeBytes()).isEqualTo((long) png.length);

    ModelFile confirmed = files.confirmFile(new ConfirmFileRequest().fileId(ticket.getFileId()));
    assertThat(confirmed.getStatus()).isEqualTo(ModelFile.StatusEnum.READY);
    assertThat(files.getFile(ticket.getFileId()).getSha256()).hasSize(64);

    ExecutionAccepted accepted =
        GsonClients.accepted(
            executions,
            new CreateExecutionRequest()
                .model("flux-1.1-pro")
                .input(
                    Map.of(
                        "prompt",
                        "Transform this photo into an oil painting",
                        "image",
                        ticket.getFileId())),
            null);
    live.driveUntil(
        () -> executions.getExecution(accepted.getId()).getStatus() == ExecutionStatus.COMPLETED);

    ApiResponse<File> whole = files.downloadFileWithHttpInfo(ticket.getFileId(), null, null);
    assertThat(whole.getStatusCode()).isEqualTo(200);
    assertThat(GsonClients.header(whole.getHeaders(), "Content-Type")).isEqualTo("image/png");
    assertThat(Files.readAllBytes(whole.getData().toPath())).isEqualTo(png);
    String etag = GsonClients.header(whole.getHeaders(), "ETag");

    ApiResponse<File> part = files.downloadFileWithHttpInfo(ticket.getFileId(), "bytes=1-3", null);
    assertThat(part.getStatusCode()).isEqualTo(206);
    assertThat(Files.readString(part.getData().toPath())).isEqualTo("PNG");

    // okhttp-gson, like native, treats every status outside 2xx as an error, 304 included
    ApiException notModified =
        catchThrowableOfType(
            ApiException.class, () -> files.downloadFile(ticket.getFileId(), null, etag));
    assertThat(notModified.getCode()).isEqualTo(304);
  }
}
