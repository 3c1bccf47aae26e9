package io.modelroute.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ErrorCode;
import io.modelroute.Json;
import io.modelroute.ModelRouteException;
import io.modelroute.Money;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import io.modelroute.execution.CreateExecution;
import io.modelroute.execution.Execution;
import io.modelroute.execution.ExecutionStatus;
import io.modelroute.provider.InputFile;
import io.modelroute.provider.Provider;
import io.modelroute.provider.ProviderOutcome;
import io.modelroute.provider.ProviderRequest;
import io.modelroute.provider.demo.DemoProvider;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * File references in execution inputs: resolved at create, handed to providers, used by the demo.
 */
class FileInputsTest {
  static final String IP = "192.0.2.1";

  /** The demo provider, remembering every request it gets. */
  static final class RecordingDemo implements Provider {
    final DemoProvider demo = new DemoProvider();
    final List<ProviderRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return demo.name();
    }

    @Override
    public ProviderOutcome start(ProviderRequest request) {
      requests.add(request);
      return demo.start(request);
    }

    @Override
    public ProviderOutcome poll(ProviderRequest request, String jobId) {
      requests.add(request);
      return demo.poll(request, jobId);
    }

    @Override
    public void cancel(ProviderRequest request, String jobId) {
      demo.cancel(request, jobId);
    }
  }

  static CreateExecution video(String sourceImage) {
    return CreateExecution.of(
        "seedance-video",
        Json.readObject(
            "{\"prompt\":\"slow pan\",\"duration\":1,\"width\":64,\"height\":64,\"source_image\":\""
                + sourceImage
                + "\"}"));
  }

  static ErrorCode createFails(TestEngine t, Principal p, String sourceImage) {
    try {
      t.modelRoute.executions().create(p, video(sourceImage), null, null);
    } catch (ModelRouteException e) {
      assertThat(e.details()).extracting(d -> d.field()).containsExactly("input.source_image");
      return e.code();
    }
    throw new AssertionError("create succeeded for " + sourceImage);
  }

  static Execution runToEnd(TestEngine t, Principal p, String id) {
    t.modelRoute.dispatcher().runOnce(t.clock.instant());
    t.clock.advance(Duration.ofSeconds(4));
    t.modelRoute.dispatcher().runOnce(t.clock.instant());
    return t.modelRoute.executions().get(p.orgId(), id);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void missingUnconfirmedExpiredOrForeignFilesAreNotFoundAndWrongTypesUnsupported(Dialect dialect) {
    try (TestEngine t = TestEngine.withDefaultCatalog(dialect, b -> b)) {
      Principal p = t.organization("1.00");
      Principal stranger = t.organization("1.00");
      FileService files = t.modelRoute.files();
      String pending = files.requestUpload(p, new UploadRequest("INPUT", null), IP).file().id();
      String foreign = FileServiceTest.upload(files, stranger, TestFiles.png()).id();
      String textRenamedPng = FileServiceTest.upload(files, p, TestFiles.text()).id();
      String webp = FileServiceTest.upload(files, p, TestFiles.webp()).id();
      SignedUrl shortLived = files.requestUpload(p, new UploadRequest("INPUT", 1), IP);
      files.receiveUpload(
          FileServiceTest.token(shortLived), -1, new ByteArrayInputStream(TestFiles.png()), IP);
      String good = FileServiceTest.upload(files, p, TestFiles.png()).id();

      assertThat(createFails(t, p, "file_00000000-0000-0000-0000-000000000000"))
          .isEqualTo(ErrorCode.FILE_NOT_FOUND);
      // not a reference at all: the schema check refuses it before any lookup
      assertThat(createFails(t, p, "photo.png")).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
      assertThat(createFails(t, p, pending)).isEqualTo(ErrorCode.FILE_NOT_FOUND);
      assertThat(createFails(t, p, foreign)).isEqualTo(ErrorCode.FILE_NOT_FOUND);
      assertThat(createFails(t, p, textRenamedPng)).isEqualTo(ErrorCode.FILE_FORMAT_UNSUPPORTED);
      assertThat(createFails(t, p, webp)).isEqualTo(ErrorCode.FILE_FORMAT_UNSUPPORTED);
      assertThat(
              t.modelRoute
                  .executions()
                  .create(p, video(shortLived.file().id()), null, null)
                  .statusCode())
          .isEqualTo(202);
      t.clock.advance(Duration.ofDays(1));
      assertThat(createFails(t, p, shortLived.file().id())).isEqualTo(ErrorCode.FILE_NOT_FOUND);
      assertThat(t.modelRoute.executions().create(p, video(good), null, null).statusCode())
          .isEqualTo(202);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void seedanceVideoIsMadeFromItsSourceImage(Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.withDefaultCatalog(dialect, b -> b)) {
      Principal p = t.organization("1.00");
      String red =
          FileServiceTest.upload(t.modelRoute.files(), p, TestFiles.png(200, 150, Color.RED)).id();
      String id = t.modelRoute.executions().create(p, video(red), null, null).executionId();
      Execution done = runToEnd(t, p, id);
      assertThat(done.status())
          .as(String.valueOf(done.error()))
          .isEqualTo(ExecutionStatus.COMPLETED);
      String gifId = done.output().at("/videos/0/file_id").asText();
      StoredFile gif = t.modelRoute.files().require(p.orgId(), gifId);
      assertThat(gif.contentType()).isEqualTo("image/gif");
      BufferedImage firstFrame;
      try (InputStream in = t.modelRoute.files().open(gif, 0)) {
        firstFrame = ImageIO.read(in);
      }
      // every pixel of every frame comes from the all-red source
      for (int[] xy : new int[][] {{0, 0}, {32, 32}, {63, 63}}) {
        Color c = new Color(firstFrame.getRGB(xy[0], xy[1]));
        assertThat(c.getRed()).isGreaterThan(200);
        assertThat(c.getGreen() + c.getBlue()).isLessThan(60);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void providersGetInputFilesAsSignedUrlsAndBytesNeverAPath(Dialect dialect) throws Exception {
    RecordingDemo provider = new RecordingDemo();
    try (TestEngine t =
        TestEngine.withDefaultCatalog(
            dialect, b -> b.publicUrl(URI.create("https://api.example.test")), provider)) {
      Principal p = t.organization("1.00");
      byte[] png = TestFiles.png(40, 30, Color.BLUE);
      StoredFile source = FileServiceTest.upload(t.modelRoute.files(), p, png);
      String id = t.modelRoute.executions().create(p, video(source.id()), null, null).executionId();
      assertThat(runToEnd(t, p, id).status()).isEqualTo(ExecutionStatus.COMPLETED);

      assertThat(provider.requests).hasSizeGreaterThanOrEqualTo(2);
      ProviderRequest start = provider.requests.get(0);
      assertThat(start.input().get("source_image").asText()).isEqualTo(source.id());
      InputFile file = start.inputFile("source_image").orElseThrow();
      assertThat(file.fileId()).isEqualTo(source.id());
      assertThat(file.contentType()).isEqualTo("image/png");
      assertThat(file.sizeBytes()).isEqualTo(png.length);
      assertThat(file.sha256()).isEqualTo(source.sha256());
      assertThat(file.url().toString())
          .startsWith("https://api.example.test/v1/files/download/" + source.id() + ".");
      assertThat(file.url().toString())
          .doesNotContain(t.dataDir.toString())
          .doesNotContain("files/org_");
      assertThat(file.urlExpiresAt())
          .isBeforeOrEqualTo(t.clock.instant().plus(Duration.ofHours(1)));
      try (InputStream in = file.source().open()) {
        assertThat(in.readAllBytes()).isEqualTo(png);
      }
      String token = file.url().getPath().substring(FileService.DOWNLOAD_PATH.length());
      assertThat(t.modelRoute.files().openSigned(token, IP).id()).isEqualTo(source.id());
      assertThat(t.modelRoute.files().audit(null, source.id(), null, 1))
          .first()
          .satisfies(e -> assertThat(e.apiKeyId()).isEqualTo(p.keyId()));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void withoutAPublicUrlProvidersGetTheBytesOnly(Dialect dialect) {
    RecordingDemo provider = new RecordingDemo();
    try (TestEngine t = TestEngine.withDefaultCatalog(dialect, b -> b, provider)) {
      Principal p = t.organization("1.00");
      String source = FileServiceTest.upload(t.modelRoute.files(), p, TestFiles.png()).id();
      String id = t.modelRoute.executions().create(p, video(source), null, null).executionId();
      assertThat(runToEnd(t, p, id).status()).isEqualTo(ExecutionStatus.COMPLETED);
      InputFile file = provider.requests.get(0).inputFile("source_image").orElseThrow();
      assertThat(file.url()).isNull();
      assertThat(file.urlExpiresAt()).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aFileDeletedAfterTheSubmitFailsTheExecutionAndReleasesTheHold(Dialect dialect) {
    try (TestEngine t = TestEngine.withDefaultCatalog(dialect, b -> b)) {
      Principal p = t.organization("1.00");
      String source = FileServiceTest.upload(t.modelRoute.files(), p, TestFiles.png()).id();
      String id = t.modelRoute.executions().create(p, video(source), null, null).executionId();
      t.modelRoute.files().delete(p, source, IP);
      Execution e = runToEnd(t, p, id);
      assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(e.error().code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
      assertThat(t.modelRoute.billing().balance(p.orgId()).held()).isEqualTo(Money.ZERO);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void outputFilesFollowTheOrganizationDefaultRetention(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      t.modelRoute.organizations().setFileTtlDays(p.orgId(), 3);
      String id =
          t.modelRoute
              .executions()
              .create(
                  p,
                  CreateExecution.of(
                      "test-image", Json.readObject("{\"prompt\":\"kept three days\"}")),
                  null,
                  null)
              .executionId();
      t.modelRoute.dispatcher().runOnce(t.clock.instant());
      Execution e = t.modelRoute.executions().get(p.orgId(), id);
      StoredFile out =
          t.modelRoute.files().require(p.orgId(), e.output().at("/images/0/file_id").asText());
      assertThat(out.purpose()).isEqualTo("OUTPUT");
      assertThat(out.expiresAt()).isEqualTo(t.clock.instant().plus(Duration.ofDays(3)));
      t.clock.advance(Duration.ofDays(3));
      assertThat(t.modelRoute.fileSweeper().runOnce(t.clock.instant())).isOne();
      assertThatThrownBy(() -> t.modelRoute.files().require(p.orgId(), out.id()))
          .extracting(x -> ((ModelRouteException) x).code())
          .isEqualTo(ErrorCode.NOT_FOUND);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theOrganizationDefaultRetentionIsValidated(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      for (Integer bad : new Integer[] {0, 366, -1}) {
        assertThatThrownBy(() -> t.modelRoute.organizations().setFileTtlDays(p.orgId(), bad))
            .extracting(x -> ((ModelRouteException) x).code())
            .isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
      }
      assertThat(t.modelRoute.organizations().setFileTtlDays(p.orgId(), 365).fileTtlDays())
          .isEqualTo(365);
      assertThat(t.modelRoute.organizations().setFileTtlDays(p.orgId(), null).fileTtlDays())
          .isNull();
      assertThatThrownBy(() -> t.modelRoute.organizations().setFileTtlDays("org_00000000", 3))
          .extracting(x -> ((ModelRouteException) x).code())
          .isEqualTo(ErrorCode.NOT_FOUND);
    }
  }
}
