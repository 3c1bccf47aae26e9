package io.modelroute.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelroute.ErrorCode;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.file.FileInputsTest.RecordingDemo;
import io.modelroute.provider.InputFile;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The file flows of docs/files.md with the bytes in a real S3 server (S3Proxy) instead of the local
 * disk, on H2 and PostgreSQL: uploads (multipart ones too), ranged reads, execution inputs,
 * re-hosted provider outputs, deletion and retention.
 */
class S3FileServiceTest {
  static final String IP = "198.51.100.9";

  static List<String> objects(S3FileStore store) {
    return TestS3.keys(store);
  }

  static int pendingUploads(S3FileStore store) {
    return TestS3.pendingUploads(store);
  }

  static TestEngine engine(Dialect dialect, S3FileStore store, RecordingDemo provider) {
    return TestEngine.withDefaultCatalog(
        dialect,
        b ->
            b.fileStore(store)
                .maxFileBytes(20L * 1024 * 1024)
                .publicUrl(URI.create("https://api.example.test")),
        provider);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anUploadOfSeveralPartsLandsInTheBucketReadsBackFromAnyOffsetAndDeletingRemovesTheObject(
      Dialect dialect) throws Exception {
    S3FileStore store = TestS3.newStore();
    try (TestEngine t = engine(dialect, store, new RecordingDemo())) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      byte[] bytes = FileStoreContract.Generated.bytes(9 * 1024 * 1024 + 7, 11);
      StoredFile f = FileServiceTest.upload(files, p, bytes);
      assertThat(f.sizeBytes()).isEqualTo(bytes.length);
      assertThat(f.sha256()).isEqualTo(FileStoreContract.sha256(bytes));
      assertThat(objects(store)).containsExactly("mr/" + FileService.storageKey(p.orgId(), f.id()));
      assertThat(Files.exists(t.dataDir.resolve("files")))
          .as("nothing on the local disk")
          .isFalse();

      StoredFile download = files.download(p, f.id(), IP);
      try (InputStream in = files.open(download, 0)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      // what a Range: bytes=8388600- request reads, stopping after 16 bytes
      try (InputStream in = files.open(download, 8_388_600)) {
        assertThat(in.readNBytes(16)).isEqualTo(Arrays.copyOfRange(bytes, 8_388_600, 8_388_616));
      }
      files.delete(p, f.id(), IP);
      assertThat(objects(store)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOversizedUploadLeavesNeitherAnObjectNorAnUnfinishedMultipartUpload(Dialect dialect) {
    S3FileStore store = TestS3.newStore();
    try (TestEngine t = engine(dialect, store, new RecordingDemo())) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl url = files.requestUpload(p, new UploadRequest("INPUT", null), IP);
      // no Content-Length: refused only once the 21st MB streamed in, after two parts were sent
      FileServiceTest.assertCode(
          () ->
              files.receiveUpload(
                  FileServiceTest.token(url),
                  -1,
                  new FileStoreContract.Generated(21L * 1024 * 1024, 5),
                  IP),
          ErrorCode.PAYLOAD_TOO_LARGE);
      assertThat(objects(store)).isEmpty();
      assertThat(pendingUploads(store)).isZero();
      assertThat(files.get(p.orgId(), url.file().id()).status()).isEqualTo("PENDING_UPLOAD");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anUploadedFileFeedsAnExecutionAndItsResultIsRehostedInTheBucket(Dialect dialect)
      throws Exception {
    S3FileStore store = TestS3.newStore();
    RecordingDemo provider = new RecordingDemo();
    try (TestEngine t = engine(dialect, store, provider)) {
      Principal p = t.organization("1.00");
      byte[] png = TestFiles.png(64, 48, Color.RED);
      StoredFile source = FileServiceTest.upload(t.modelRoute.files(), p, png);
      String id =
          t.modelRoute
              .executions()
              .create(p, FileInputsTest.video(source.id()), null, null)
              .executionId();
      Execution done = FileInputsTest.runToEnd(t, p, id);
      assertThat(done.status())
          .as(String.valueOf(done.error()))
          .isEqualTo(ExecutionStatus.COMPLETED);

      InputFile input = provider.requests.get(0).inputFile("source_image").orElseThrow();
      try (InputStream in = input.source().open()) {
        assertThat(in.readAllBytes()).isEqualTo(png);
      }
      // the provider is given our signed URL, never the bucket's
      assertThat(input.url().toString())
          .startsWith("https://api.example.test/v1/files/download/")
          .doesNotContain(TestS3.endpoint().toString())
          .doesNotContain(store.settings().bucket());

      StoredFile output =
          t.modelRoute.files().require(p.orgId(), done.output().at("/videos/0/file_id").asText());
      assertThat(output.purpose()).isEqualTo("OUTPUT");
      assertThat(objects(store))
          .containsExactlyInAnyOrder(
              "mr/" + FileService.storageKey(p.orgId(), source.id()),
              "mr/" + FileService.storageKey(p.orgId(), output.id()));
      try (InputStream in = t.modelRoute.files().open(output, 0)) {
        assertThat(FileStoreContract.sha256(in)).isEqualTo(output.sha256());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aDownloadWhileTheBucketIsUnreachableIsARetryableServiceUnavailable(Dialect dialect)
      throws Exception {
    S3FileStore store = TestS3.newStore();
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    S3Settings unreachable =
        new S3Settings(
            store.settings().bucket(),
            store.settings().prefix(),
            URI.create("http://127.0.0.1:" + closedPort),
            "us-east-1",
            true);
    try (var deadClient = S3FileStore.client(unreachable, TestS3.credentials());
        TestEngine t = engine(dialect, store, new RecordingDemo());
        TestEngine down =
            engine(
                dialect,
                new S3FileStore(deadClient, unreachable, 8 * 1024 * 1024),
                new RecordingDemo())) {
      Principal p = down.organization("1.00");
      // the same file record, its bytes out of reach
      SignedUrl url =
          down.modelRoute.files().requestUpload(p, new UploadRequest("INPUT", null), IP);
      FileServiceTest.assertCode(
          () ->
              down.modelRoute
                  .files()
                  .receiveUpload(
                      FileServiceTest.token(url),
                      -1,
                      new ByteArrayInputStream(TestFiles.png()),
                      IP),
          ErrorCode.SERVICE_UNAVAILABLE);
      StoredFile uploaded =
          FileServiceTest.upload(t.modelRoute.files(), t.organization("1.00"), TestFiles.png());
      FileServiceTest.assertCode(
          () -> down.modelRoute.files().open(uploaded, 0), ErrorCode.SERVICE_UNAVAILABLE);
      // bytes missing from a reachable bucket are our inconsistency, not an outage
      store.delete(uploaded.storageKey());
      FileServiceTest.assertCode(
          () -> t.modelRoute.files().open(uploaded, 0), ErrorCode.INTERNAL_ERROR);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void retentionDeletesExpiredFilesFromTheBucket(Dialect dialect) {
    S3FileStore store = TestS3.newStore();
    try (TestEngine t = engine(dialect, store, new RecordingDemo())) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl oneDay = files.requestUpload(p, new UploadRequest("INPUT", 1), IP);
      files.receiveUpload(
          FileServiceTest.token(oneDay), -1, new ByteArrayInputStream(TestFiles.jpeg()), IP);
      StoredFile kept = FileServiceTest.upload(files, p, TestFiles.png());
      assertThat(objects(store)).hasSize(2);

      t.clock.advance(Duration.ofDays(1));
      assertThat(t.modelRoute.fileSweeper().runOnce(t.clock.instant())).isOne();
      assertThat(objects(store))
          .containsExactly("mr/" + FileService.storageKey(p.orgId(), kept.id()));
    }
  }
}
