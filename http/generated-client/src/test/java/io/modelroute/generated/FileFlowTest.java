package io.modelroute.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelroute.file.TestFiles;
import io.modelroute.generated.api.ExecutionsApi;
import io.modelroute.generated.api.FilesApi;
import io.modelroute.generated.model.ConfirmFileRequest;
import io.modelroute.generated.model.CreateExecutionRequest;
import io.modelroute.generated.model.Execution;
import io.modelroute.generated.model.ExecutionStatus;
import io.modelroute.generated.model.ModelFile;
import io.modelroute.generated.model.UploadRequest;
import io.modelroute.generated.model.UploadTicket;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file flow of docs/files.md (request an upload, PUT the bytes, confirm, use, download) through
 * the generated client.
 */
class FileFlowTest {
  static LiveServer live;
  static FilesApi files;
  static ExecutionsApi executions;

  @BeforeAll
  static void start() {
    live = LiveServer.start("25.00");
    files = new FilesApi(live.client());
    executions = new ExecutionsApi(live.client());
  }

  /**
   * The generated {@code uploadFileBytes} on the upload URL's own server (the document gives the
   * operation the server {@code …/v1/files}; the native client has one base URI per ApiClient, so
   * the base is taken from the ticket's URL).
   *
   * <p>GENERATOR DEFECT (openapi-generator 7.25.0, java native): a {@code format: binary} request
   * body is written with Jackson ({@code writeValueAsBytes(file)} sends the file's path as a JSON
   * string) and labelled {@code application/json}. The request interceptor puts the file's bytes in
   * instead; the generated operation still builds the URL from the token, sends it and parses the
   * typed answer.
   */
  static ModelFile upload(UploadTicket ticket, Path bytes) throws Exception {
    String url = ticket.getUploadUrl().toString();
    int at = url.lastIndexOf("/upload/");
    ApiClient uploader = new ApiClient();
    uploader.updateBaseUri(url.substring(0, at));
    uploader.setRequestInterceptor(
        request -> {
          try {
            request
                .setHeader("Content-Type", "application/octet-stream")
                .method("PUT", HttpRequest.BodyPublishers.ofFile(bytes));
          } catch (java.io.FileNotFoundException e) {
            throw new IllegalStateException(e);
          }
        });
    return new FilesApi(uploader)
        .uploadFileBytes(url.substring(at + "/upload/".length()), bytes.toFile());
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
    assertThat(ticket.getUploadUrl()).isEqualTo(URI.create(ticket.getUploadUrl().toString()));
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

    Execution accepted =
        executions.createExecution(
            ExecutionsApi.APICreateExecutionRequest.newBuilder()
                .createExecutionRequest(
                    new CreateExecutionRequest()
                        .model("flux-1.1-pro")
                        .input(
                            Map.of(
                                "prompt",
                                "Transform this photo into an oil painting",
                                "image",
                                ticket.getFileId())))
                .build());
    live.driveUntil(
        () -> executions.getExecution(accepted.getId()).getStatus() == ExecutionStatus.COMPLETED);

    ApiResponse<File> whole =
        files.downloadFileWithHttpInfo(
            FilesApi.APIDownloadFileRequest.newBuilder().id(ticket.getFileId()).build());
    assertThat(whole.getStatusCode()).isEqualTo(200);
    assertThat(whole.getHeaders().get("content-type")).containsExactly("image/png");
    assertThat(Files.readAllBytes(whole.getData().toPath())).isEqualTo(png);
    String etag = whole.getHeaders().get("etag").get(0);

    ApiResponse<File> part =
        files.downloadFileWithHttpInfo(
            FilesApi.APIDownloadFileRequest.newBuilder()
                .id(ticket.getFileId())
                .range("bytes=1-3")
                .build());
    assertThat(part.getStatusCode()).isEqualTo(206);
    assertThat(Files.readString(part.getData().toPath())).isEqualTo("PNG");

    // the native client treats every status outside 2xx as an error, 304 included
    ApiException notModified =
        catchThrowableOfType(
            ApiException.class,
            () ->
                files.downloadFile(
                    FilesApi.APIDownloadFileRequest.newBuilder()
                        .id(ticket.getFileId())
                        .ifNoneMatch(etag)
                        .build()));
    assertThat(notModified.getCode()).isEqualTo(304);
  }
}
