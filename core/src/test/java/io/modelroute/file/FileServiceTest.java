package io.modelroute.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelroute.ErrorCode;
import io.modelroute.ModelRouteException;
import io.modelroute.TestEngine;
import io.modelroute.auth.Principal;
import io.modelroute.db.internal.Dialect;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The upload flow, reads, signed URLs, deletion, retention and audit on real H2 and PostgreSQL. */
class FileServiceTest {
  static final String IP = "203.0.113.7";

  static String token(SignedUrl url) {
    return url.path().substring(url.path().lastIndexOf('/') + 1);
  }

  static StoredFile upload(FileService files, Principal p, byte[] bytes) {
    SignedUrl url = files.requestUpload(p, new UploadRequest("INPUT", null), IP);
    return files.receiveUpload(token(url), bytes.length, new ByteArrayInputStream(bytes), IP);
  }

  static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(ModelRouteException.class)
        .extracting(e -> ((ModelRouteException) e).code())
        .isEqualTo(code);
  }

  static long storedFiles(TestEngine t) throws IOException {
    Path root = t.dataDir.resolve("files");
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anUploadBecomesReadyWithSizeHashAndTypeMeasuredFromTheBytes(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl url = files.requestUpload(p, new UploadRequest("INPUT", 7), IP);
      assertThat(url.path()).startsWith(FileService.UPLOAD_PATH + url.file().id() + ".");
      assertThat(url.expiresAt()).isAfter(t.clock.instant().plus(Duration.ofMinutes(59)));
      assertThat(url.resolve(URI.create("http://localhost:8080/")).toString())
          .startsWith("http://localhost:8080/v1/files/upload/file_");
      StoredFile pending = files.get(p.orgId(), url.file().id());
      assertThat(pending.status()).isEqualTo("PENDING_UPLOAD");
      assertThat(pending.contentType()).isNull();

      byte[] png = TestFiles.png();
      StoredFile ready = files.receiveUpload(token(url), -1, new ByteArrayInputStream(png), IP);
      assertThat(ready.status()).isEqualTo("READY");
      assertThat(ready.contentType()).isEqualTo("image/png");
      assertThat(ready.sizeBytes()).isEqualTo(png.length);
      assertThat(ready.sha256())
          .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png)));
      assertThat(ready.purpose()).isEqualTo("INPUT");
      assertThat(ready.expiresAt()).isEqualTo(t.clock.instant().plus(Duration.ofDays(7)));
      assertThat(files.confirm(p.orgId(), ready.id())).isEqualTo(ready);
      try (InputStream in = files.open(files.require(p.orgId(), ready.id()), 0)) {
        assertThat(in.readAllBytes()).isEqualTo(png);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anUploadUrlWorksOnceAndNotAfterItExpires(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl used = files.requestUpload(p, new UploadRequest("UPLOAD", null), IP);
      files.receiveUpload(token(used), -1, new ByteArrayInputStream(TestFiles.text()), IP);
      assertCode(
          () -> files.receiveUpload(token(used), -1, new ByteArrayInputStream(TestFiles.png()), IP),
          ErrorCode.FORBIDDEN);
      assertThat(files.get(p.orgId(), used.file().id()).contentType()).isEqualTo("text/plain");

      SignedUrl late = files.requestUpload(p, new UploadRequest("INPUT", null), IP);
      t.clock.advance(Duration.ofHours(1));
      assertCode(
          () -> files.receiveUpload(token(late), -1, new ByteArrayInputStream(TestFiles.png()), IP),
          ErrorCode.FORBIDDEN);
      assertCode(
          () -> files.receiveUpload("file_nonsense", -1, new ByteArrayInputStream(new byte[1]), IP),
          ErrorCode.FORBIDDEN);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anOversizedUploadIsRefusedLeavesNoBytesAndTheUrlCanBeTriedAgain(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.withDefaultCatalog(dialect, b -> b.maxFileBytes(1024))) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl url = files.requestUpload(p, new UploadRequest("INPUT", null), IP);
      assertCode(
          () -> files.receiveUpload(token(url), 4096, new ByteArrayInputStream(new byte[4096]), IP),
          ErrorCode.PAYLOAD_TOO_LARGE);
      // a lying or missing Content-Length is caught while counting the bytes
      assertCode(
          () -> files.receiveUpload(token(url), -1, new ByteArrayInputStream(new byte[1025]), IP),
          ErrorCode.PAYLOAD_TOO_LARGE);
      assertCode(
          () -> files.receiveUpload(token(url), -1, new ByteArrayInputStream(new byte[0]), IP),
          ErrorCode.INPUT_VALIDATION_ERROR);
      assertThat(storedFiles(t)).isZero();
      assertThat(files.get(p.orgId(), url.file().id()).status()).isEqualTo("PENDING_UPLOAD");
      StoredFile ok =
          files.receiveUpload(token(url), -1, new ByteArrayInputStream(new byte[1024]), IP);
      assertThat(ok.sizeBytes()).isEqualTo(1024);
      assertThat(storedFiles(t)).isOne();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void twoPutsRacingOnOneUrlStoreTheFileOnce(Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl url = files.requestUpload(p, new UploadRequest("INPUT", null), IP);
      CountDownLatch firstIsStreaming = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      InputStream slow =
          new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
              firstIsStreaming.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return sent < 100 ? 'a' + (sent++ % 26) : -1;
            }
          };
      CompletableFuture<StoredFile> first =
          CompletableFuture.supplyAsync(() -> files.receiveUpload(token(url), -1, slow, IP));
      assertThat(firstIsStreaming.await(10, TimeUnit.SECONDS)).isTrue();
      assertCode(
          () -> files.receiveUpload(token(url), -1, new ByteArrayInputStream(TestFiles.png()), IP),
          ErrorCode.FORBIDDEN);
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).sizeBytes()).isEqualTo(100);
      assertThat(files.get(p.orgId(), url.file().id()).contentType()).isEqualTo("text/plain");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void confirmingBeforeTheBytesArriveIsAConflict(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl url = files.requestUpload(p, new UploadRequest("INPUT", null), IP);
      assertCode(() -> files.confirm(p.orgId(), url.file().id()), ErrorCode.CONFLICT);
      assertCode(() -> files.require(p.orgId(), url.file().id()), ErrorCode.CONFLICT);
      assertCode(
          () -> files.confirm(p.orgId(), "file_00000000-0000-0000-0000-000000000000"),
          ErrorCode.NOT_FOUND);
      assertCode(() -> files.confirm(p.orgId(), "not-a-file"), ErrorCode.NOT_FOUND);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anotherOrganizationsFileIsNotFoundEverywhere(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal owner = t.organization("1.00");
      Principal stranger = t.organization("1.00");
      FileService files = t.modelRoute.files();
      String id = upload(files, owner, TestFiles.png()).id();
      String pending = files.requestUpload(owner, new UploadRequest("INPUT", null), IP).file().id();
      for (String fileId : List.of(id, pending)) {
        assertThat(files.find(stranger.orgId(), fileId)).isEmpty();
        assertCode(() -> files.get(stranger.orgId(), fileId), ErrorCode.NOT_FOUND);
        assertCode(() -> files.require(stranger.orgId(), fileId), ErrorCode.NOT_FOUND);
        assertCode(() -> files.confirm(stranger.orgId(), fileId), ErrorCode.NOT_FOUND);
        assertCode(() -> files.download(stranger, fileId, IP), ErrorCode.NOT_FOUND);
        assertCode(() -> files.downloadUrl(stranger, fileId, IP), ErrorCode.NOT_FOUND);
        assertCode(() -> files.delete(stranger, fileId, IP), ErrorCode.NOT_FOUND);
      }
      assertThat(files.require(owner.orgId(), id).isReady()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aSignedDownloadUrlOpensTheFileUntilItExpiresOrTheFileIsDeleted(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      StoredFile f = upload(files, p, TestFiles.gif());
      SignedUrl url = files.downloadUrl(p, f.id(), IP);
      assertThat(url.path()).startsWith(FileService.DOWNLOAD_PATH + f.id() + ".");
      assertThat(url.expiresAt())
          .isEqualTo(
              t.clock
                  .instant()
                  .plus(Duration.ofHours(1))
                  .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
      assertThat(files.openSigned(token(url), IP).id()).isEqualTo(f.id());
      // an upload token is no download token, and the other way round
      SignedUrl up = files.requestUpload(p, new UploadRequest("INPUT", null), IP);
      assertCode(() -> files.openSigned(token(up), IP), ErrorCode.FORBIDDEN);
      assertCode(
          () -> files.receiveUpload(token(url), -1, new ByteArrayInputStream(new byte[1]), IP),
          ErrorCode.FORBIDDEN);

      files.delete(p, f.id(), IP);
      assertCode(() -> files.openSigned(token(url), IP), ErrorCode.NOT_FOUND);
      StoredFile g = upload(files, p, TestFiles.gif());
      SignedUrl later = files.downloadUrl(p, g.id(), IP);
      t.clock.advance(Duration.ofMinutes(61));
      assertCode(() -> files.openSigned(token(later), IP), ErrorCode.FORBIDDEN);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deletingAFileRemovesItsBytes(Dialect dialect) throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      StoredFile f = upload(files, p, TestFiles.pdf());
      assertThat(f.contentType()).isEqualTo("application/pdf");
      assertThat(storedFiles(t)).isOne();
      files.delete(p, f.id(), IP);
      assertThat(storedFiles(t)).isZero();
      assertThat(files.find(p.orgId(), f.id())).isEmpty();
      assertCode(() -> files.delete(p, f.id(), IP), ErrorCode.NOT_FOUND);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void retentionDeletesExpiredFilesAndTheirBytesAndAbandonedUploads(Dialect dialect)
      throws Exception {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      FileService files = t.modelRoute.files();
      t.modelRoute.organizations().setFileTtlDays(p.orgId(), 30);
      StoredFile orgDefault = upload(files, p, TestFiles.png());
      assertThat(orgDefault.expiresAt()).isEqualTo(t.clock.instant().plus(Duration.ofDays(30)));
      SignedUrl oneDayUrl = files.requestUpload(p, new UploadRequest("INPUT", 1), IP);
      StoredFile oneDay =
          files.receiveUpload(token(oneDayUrl), -1, new ByteArrayInputStream(TestFiles.jpeg()), IP);
      String abandoned = files.requestUpload(p, new UploadRequest("INPUT", null), IP).file().id();
      assertThat(storedFiles(t)).isEqualTo(2);

      FileSweeper sweeper = t.modelRoute.fileSweeper();
      assertThat(sweeper.runOnce(t.clock.instant())).isZero();
      t.clock.advance(Duration.ofHours(2));
      assertThat(sweeper.runOnce(t.clock.instant())).isOne();
      assertThat(files.audit(null, abandoned, null, 10))
          .first()
          .extracting(FileAuditEntry::action)
          .isEqualTo(FileAuditAction.EXPIRED);

      t.clock.advance(Duration.ofDays(1));
      // expired files are invisible at once, before any sweep
      assertThat(files.find(p.orgId(), oneDay.id())).isEmpty();
      assertThat(sweeper.runOnce(t.clock.instant())).isOne();
      assertThat(storedFiles(t)).isOne();
      t.clock.advance(Duration.ofDays(29));
      assertThat(sweeper.runOnce(t.clock.instant())).isOne();
      assertThat(storedFiles(t)).isZero();
      assertThat(sweeper.runOnce(t.clock.instant())).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void filesWithoutAnyRetentionAreKept(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      StoredFile f = upload(t.modelRoute.files(), p, TestFiles.png());
      assertThat(f.expiresAt()).isNull();
      t.clock.advance(Duration.ofDays(400));
      assertThat(t.modelRoute.fileSweeper().runOnce(t.clock.instant())).isZero();
      assertThat(t.modelRoute.files().find(p.orgId(), f.id())).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void uploadsUrlsDownloadsAndDeletesAreAuditedWithKeyTimeAndAddress(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      Principal other = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl up = files.requestUpload(p, new UploadRequest("INPUT", null), "198.51.100.1");
      String id = up.file().id();
      files.receiveUpload(token(up), -1, new ByteArrayInputStream(TestFiles.png()), "198.51.100.2");
      files.download(p, id, "198.51.100.3");
      SignedUrl down = files.downloadUrl(p, id, "198.51.100.4");
      files.openSigned(token(down), "198.51.100.5");
      files.delete(p, id, "198.51.100.6");
      upload(files, other, TestFiles.png());

      List<FileAuditEntry> trail = files.audit(p.orgId(), null, null, 100);
      assertThat(trail)
          .extracting(FileAuditEntry::action)
          .containsExactly(
              FileAuditAction.DELETED,
              FileAuditAction.DOWNLOADED,
              FileAuditAction.DOWNLOAD_URL_ISSUED,
              FileAuditAction.DOWNLOADED,
              FileAuditAction.UPLOADED,
              FileAuditAction.UPLOAD_URL_ISSUED);
      assertThat(trail)
          .extracting(FileAuditEntry::clientIp)
          .containsExactly(
              "198.51.100.6",
              "198.51.100.5",
              "198.51.100.4",
              "198.51.100.3",
              "198.51.100.2",
              "198.51.100.1");
      assertThat(trail).extracting(FileAuditEntry::apiKeyId).containsOnly(p.keyId());
      assertThat(trail).extracting(FileAuditEntry::fileId).containsOnly(id);
      assertThat(trail).extracting(FileAuditEntry::occurredAt).doesNotContainNull();
      assertThat(files.audit(null, id, trail.get(2).id(), 100)).hasSize(3);
      assertThat(files.audit(p.orgId(), id, null, 2)).hasSize(2);
      assertCode(() -> files.audit(null, null, null, 10), ErrorCode.INPUT_VALIDATION_ERROR);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theListPagesThroughTheOrganizationsOwnFilesNewestFirst(Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      Principal other = t.organization("1.00");
      FileService files = t.modelRoute.files();
      StoredFile first = upload(files, p, TestFiles.png());
      t.clock.advance(Duration.ofSeconds(1));
      upload(files, other, TestFiles.png());
      StoredFile second = upload(files, p, TestFiles.text());
      t.clock.advance(Duration.ofSeconds(1));
      StoredFile pending = files.requestUpload(p, new UploadRequest("UPLOAD", null), IP).file();

      var page1 = files.list(p.orgId(), new FileQuery(null, null, 2, null));
      assertThat(page1.data())
          .extracting(StoredFile::id)
          .containsExactly(pending.id(), second.id());
      assertThat(page1.hasMore()).isTrue();
      assertThat(page1.nextCursor()).isEqualTo(second.id());
      var page2 = files.list(p.orgId(), new FileQuery(null, null, 2, page1.nextCursor()));
      assertThat(page2.data()).extracting(StoredFile::id).containsExactly(first.id());
      assertThat(page2.hasMore()).isFalse();
      assertThat(page2.nextCursor()).isNull();

      assertThat(files.list(p.orgId(), new FileQuery("READY", null, 10, null)).data())
          .extracting(StoredFile::id)
          .containsExactly(second.id(), first.id());
      assertThat(files.list(p.orgId(), new FileQuery(null, "UPLOAD", 10, null)).data())
          .extracting(StoredFile::id)
          .containsExactly(pending.id());
      assertThat(files.list(other.orgId(), FileQuery.all()).data())
          .hasSize(1)
          .allSatisfy(f -> assertThat(f.orgId()).isEqualTo(other.orgId()));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theListLeavesOutExpiredAndDeletedFilesAndRefusesACursorOfAnotherOrganization(
      Dialect dialect) {
    try (TestEngine t = TestEngine.start(dialect)) {
      Principal p = t.organization("1.00");
      Principal other = t.organization("1.00");
      FileService files = t.modelRoute.files();
      SignedUrl shortLived = files.requestUpload(p, new UploadRequest("INPUT", 1), IP);
      StoredFile expiring =
          files.receiveUpload(token(shortLived), -1, new ByteArrayInputStream(TestFiles.png()), IP);
      StoredFile deleted = upload(files, p, TestFiles.text());
      files.delete(p, deleted.id(), IP);
      StoredFile foreign = upload(files, other, TestFiles.png());
      assertThat(files.list(p.orgId(), FileQuery.all()).data())
          .extracting(StoredFile::id)
          .containsExactly(expiring.id());
      t.clock.advance(Duration.ofDays(2));
      assertThat(files.list(p.orgId(), FileQuery.all()).data()).isEmpty();

      for (String cursor : List.of(foreign.id(), deleted.id(), "file_nonsense", "exec_x")) {
        assertThatThrownBy(() -> files.list(p.orgId(), new FileQuery(null, null, 10, cursor)))
            .isInstanceOf(ModelRouteException.class)
            .satisfies(
                e -> {
                  ModelRouteException m = (ModelRouteException) e;
                  assertThat(m.code()).isEqualTo(ErrorCode.INPUT_VALIDATION_ERROR);
                  assertThat(m.details())
                      .extracting(io.modelroute.FieldError::field)
                      .containsExactly("starting_after");
                });
      }
    }
  }
}
