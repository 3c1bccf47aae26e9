package io.modelroute.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelroute.ErrorCode;
import io.modelroute.FieldError;
import io.modelroute.ModelRouteException;
import io.modelroute.auth.Principal;
import io.modelroute.catalog.ModelDefinition;
import io.modelroute.execution.Page;
import io.modelroute.file.FileUrlSigner.Claims;
import io.modelroute.file.FileUrlSigner.Kind;
import io.modelroute.internal.Ids;
import io.modelroute.provider.InputFile;
import io.modelroute.provider.OutputMedia;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of docs/files.md: the zero-trust upload (a signed one-time URL, bytes streamed to the
 * {@link FileStore}, size, SHA-256 and content type measured from the bytes), reads and streamed
 * downloads, signed download URLs, deletion, retention and the audit trail; and the provider side
 * (outputs stored as OUTPUT files, inputs handed over as {@link InputFile}s).
 *
 * <p>Everything is scoped to one organization: another organization's file behaves exactly like a
 * missing one. Signed URLs name no organization; their signature is the authority.
 *
 * <p>Get it from {@code ModelRoute.files()}; the HTTP layer's file routes call it too. Thread-safe;
 * one per {@code ModelRoute}.
 */
public final class FileService {
  /** Largest file accepted unless configured otherwise: 150 MB. */
  public static final long DEFAULT_MAX_BYTES = 150L * 1024 * 1024;

  /** How long upload and download URLs stay valid. */
  public static final Duration SIGNED_URL_TTL = Duration.ofHours(1);

  /** Path of signed upload URLs: this, then the token. */
  public static final String UPLOAD_PATH = "/v1/files/upload/";

  /** Path of signed download URLs: this, then the token. */
  public static final String DOWNLOAD_PATH = "/v1/files/download/";

  /** The most audit entries one read returns. */
  public static final int MAX_AUDIT_PAGE = 1000;

  /** A PUT in progress keeps its file this long at most, even past its URL's expiry. */
  static final Duration UPLOAD_LEASE = Duration.ofHours(24);

  private static final Logger LOG = LoggerFactory.getLogger(FileService.class);

  private final Jdbi jdbi;
  private final JdbiFileRecordStore records = new JdbiFileRecordStore();
  private final JdbiFileAuditStore audit = new JdbiFileAuditStore();
  private final FileStore store;
  private final Clock clock;
  private final long maxBytes;
  private final FileUrlSigner signer;
  private final URI publicUrl;

  /**
   * A file service over {@code store}; {@code ModelRoute} builds the one it hands out.
   *
   * @param jdbi the database holding the file records and the audit trail
   * @param store where the bytes live
   * @param clock the time for URL expiry, retention and the audit trail
   * @param maxBytes the largest file accepted
   * @param urlSigningKey at least 32 secret bytes, the same on every node (see {@code
   *     ServerSettings})
   * @param publicUrl where providers reach this server, for the signed URLs of input files; null
   *     when unknown (providers then get input files as bytes only)
   */
  public FileService(
      Jdbi jdbi, FileStore store, Clock clock, long maxBytes, byte[] urlSigningKey, URI publicUrl) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.maxBytes = maxBytes;
    this.signer = new FileUrlSigner(urlSigningKey);
    this.publicUrl = publicUrl;
  }

  // ---- upload ----

  /**
   * Creates a PENDING_UPLOAD file and its one-time upload URL, valid {@link #SIGNED_URL_TTL}.
   * Audited as {@link FileAuditAction#UPLOAD_URL_ISSUED}.
   */
  public SignedUrl requestUpload(Principal caller, UploadRequest request, String clientIp) {
    Instant now = clock.instant();
    Instant expires = now.plus(SIGNED_URL_TTL).truncatedTo(ChronoUnit.SECONDS);
    String id = Ids.file();
    StoredFile file =
        new StoredFile(
            id,
            caller.orgId(),
            request.purpose(),
            "PENDING_UPLOAD",
            null,
            null,
            null,
            storageKey(caller.orgId(), id),
            null,
            null,
            null,
            now,
            expires);
    jdbi.useTransaction(
        h -> {
          records.insert(h, file, request.ttlDays(), caller.keyId());
          audit.insert(
              h,
              caller.orgId(),
              id,
              FileAuditAction.UPLOAD_URL_ISSUED,
              caller.keyId(),
              clientIp,
              now);
        });
    return new SignedUrl(
        file, UPLOAD_PATH + signer.sign(Kind.UPLOAD, id, expires, caller.keyId()), expires);
  }

  /**
   * Receives the bytes of an upload URL: streams {@code body} to storage (never whole in memory),
   * measures size and SHA-256, detects the content type from the first bytes and makes the file
   * READY with its retention. A failed PUT (too large, empty, interrupted) leaves nothing stored
   * and the URL usable again until it expires; a completed one uses it up.
   *
   * @param declaredLength the request's {@code Content-Length}, or -1; only used to refuse early
   * @throws ModelRouteException FORBIDDEN for a malformed, tampered, expired or used URL;
   *     PAYLOAD_TOO_LARGE past the limit; INPUT_VALIDATION_ERROR for an empty or broken-off body
   */
  public StoredFile receiveUpload(
      String token, long declaredLength, InputStream body, String clientIp) {
    Instant now = clock.instant();
    Claims claims = signer.verify(Kind.UPLOAD, token, now);
    if (declaredLength > maxBytes) {
      throw tooLarge();
    }
    String id = claims.fileId();
    StoredFile pending =
        jdbi.inTransaction(
                h ->
                    records.claimUpload(h, id, now, now.plus(UPLOAD_LEASE))
                        ? records.findAnyById(h, id, now)
                        : Optional.<StoredFile>empty())
            .orElseThrow(
                () -> FileUrlSigner.forbidden("This upload URL was already used or has expired"));
    FileStore.Written written;
    byte[] head;
    try {
      ContentDetector.Head in = new ContentDetector.Head(new ClientBody(body));
      written = store.write(pending.storageKey(), in, maxBytes);
      head = in.bytes();
      if (written.sizeBytes() == 0) {
        deleteBytes(pending.storageKey());
        throw ModelRouteException.invalid(
            "body", FieldError.REQUIRED, "the upload is empty: PUT the file's bytes");
      }
    } catch (FileStore.TooLargeException e) {
      releaseUpload(id, claims.expiresAt());
      throw tooLarge();
    } catch (ClientBody.ReadFailure e) {
      releaseUpload(id, claims.expiresAt());
      throw new ModelRouteException(
          ErrorCode.INPUT_VALIDATION_ERROR,
          "The upload broke off before all bytes arrived; PUT the whole file again",
          e);
    } catch (IOException e) {
      releaseUpload(id, claims.expiresAt());
      throw new ModelRouteException(
          ErrorCode.SERVICE_UNAVAILABLE, "File storage is unavailable", e);
    } catch (RuntimeException e) {
      releaseUpload(id, claims.expiresAt());
      throw e;
    }
    String contentType = ContentDetector.detect(head);
    Instant done = clock.instant();
    Optional<StoredFile> ready =
        jdbi.inTransaction(
            h -> {
              var owner = records.uploadOwner(h, id);
              if (owner.isEmpty()) {
                return Optional.<StoredFile>empty();
              }
              Integer ttl =
                  owner.get().fileTtlDays() != null
                      ? owner.get().fileTtlDays()
                      : owner.get().orgTtlDays();
              Instant expires = ttl == null ? null : done.plus(Duration.ofDays(ttl));
              if (!records.markReady(
                  h, id, contentType, written.sizeBytes(), written.sha256Hex(), done, expires)) {
                return Optional.<StoredFile>empty();
              }
              audit.insert(
                  h, pending.orgId(), id, FileAuditAction.UPLOADED, claims.keyId(), clientIp, done);
              return records.findAnyById(h, id, done);
            });
    if (ready.isEmpty()) {
      // deleted while the bytes streamed in
      deleteBytes(pending.storageKey());
      throw ModelRouteException.notFound("File");
    }
    return ready.get();
  }

  /**
   * Confirms an upload: returns the READY file (a completed PUT already made it READY).
   *
   * @throws ModelRouteException NOT_FOUND; CONFLICT when no bytes were uploaded yet
   */
  public StoredFile confirm(String orgId, String fileId) {
    StoredFile file = get(orgId, fileId);
    if (!file.isReady()) {
      throw new ModelRouteException(
          ErrorCode.CONFLICT,
          "File " + fileId + " has no bytes yet: PUT them to its upload_url first, then confirm");
    }
    return file;
  }

  // ---- provider outputs ----

  /**
   * Streams a produced file into storage and records it as a READY OUTPUT file of the organization,
   * kept for the organization's default retention. The dispatcher calls it for provider outputs.
   *
   * @throws IOException when the media cannot be read or the store cannot be written
   */
  public StoredFile storeOutput(String orgId, String executionId, OutputMedia media)
      throws IOException {
    String id = Ids.file();
    String key = storageKey(orgId, id);
    FileStore.Written written;
    try (InputStream in = media.source().open()) {
      written = store.write(key, in, maxBytes);
    }
    Instant now = clock.instant();
    Integer ttlDays =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT file_ttl_days FROM organizations WHERE id = :id")
                    .bind("id", orgId)
                    .mapTo(Integer.class)
                    .findOne()
                    .orElse(null));
    StoredFile file =
        new StoredFile(
            id,
            orgId,
            "OUTPUT",
            "READY",
            media.contentType(),
            written.sizeBytes(),
            written.sha256Hex(),
            key,
            executionId,
            media.width(),
            media.height(),
            now,
            ttlDays == null ? null : now.plus(Duration.ofDays(ttlDays)));
    try {
      jdbi.useHandle(h -> records.insert(h, file));
    } catch (RuntimeException e) {
      store.delete(key);
      throw e;
    }
    return file;
  }

  // ---- provider inputs ----

  /**
   * The files {@code input} refers to in {@code model}'s file fields, for a provider: each with a
   * signed download URL (when a public URL is configured) and its bytes. The dispatcher calls it
   * before each provider attempt.
   *
   * @param keyId the key the execution was created with, credited in the audit of URL downloads
   * @throws ModelRouteException FILE_NOT_FOUND when a file was deleted or expired since
   */
  public List<InputFile> inputFiles(
      String orgId, String keyId, ModelDefinition model, ObjectNode input) {
    List<InputFile> files = new ArrayList<>();
    for (String field : new TreeSet<>(model.fileFields().keySet())) {
      JsonNode value = input.get(field);
      if (value == null || !value.isTextual()) {
        continue;
      }
      StoredFile f =
          find(orgId, value.asText())
              .filter(StoredFile::isReady)
              .orElseThrow(
                  () ->
                      new ModelRouteException(
                          ErrorCode.FILE_NOT_FOUND,
                          "File "
                              + value.asText()
                              + " of input."
                              + field
                              + " was deleted or has expired"));
      URI url = null;
      Instant urlExpires = null;
      if (publicUrl != null) {
        SignedUrl signed = signedDownload(f, keyId, clock.instant());
        url = signed.resolve(publicUrl);
        urlExpires = signed.expiresAt();
      }
      String key = f.storageKey();
      files.add(
          new InputFile(
              field,
              f.id(),
              f.contentType(),
              f.sizeBytes(),
              f.sha256(),
              url,
              urlExpires,
              () -> store.open(key, 0)));
    }
    return files;
  }

  // ---- reads and downloads ----

  /**
   * The organization's file in any status; empty when missing, expired or another organization's.
   */
  public Optional<StoredFile> find(String orgId, String fileId) {
    if (!Ids.isFileId(fileId)) {
      return Optional.empty();
    }
    return jdbi.withHandle(h -> records.findById(h, orgId, fileId, clock.instant()));
  }

  /**
   * One page of the organization's files (any status, not yet expired), newest first.
   *
   * @throws ModelRouteException {@code 400} when {@code starting_after} names no file of the
   *     organization (missing, another organization's, expired or deleted)
   */
  public Page<StoredFile> list(String orgId, FileQuery query) {
    Instant now = clock.instant();
    return jdbi.withHandle(
        h -> {
          Instant cursorAt = null;
          if (query.startingAfter() != null) {
            cursorAt =
                (Ids.isFileId(query.startingAfter())
                        ? records.findById(h, orgId, query.startingAfter(), now)
                        : Optional.<StoredFile>empty())
                    .map(StoredFile::createdAt)
                    .orElseThrow(
                        () ->
                            ModelRouteException.invalid(
                                "starting_after", FieldError.INVALID_VALUE, "no such file"));
          }
          List<StoredFile> rows =
              records.list(h, orgId, query, now, cursorAt, query.startingAfter());
          boolean more = rows.size() > query.limit();
          List<StoredFile> data = more ? rows.subList(0, query.limit()) : rows;
          return new Page<>(data, more, more ? data.get(data.size() - 1).id() : null);
        });
  }

  /** The organization's file in any status, or {@code 404 NOT_FOUND}. */
  public StoredFile get(String orgId, String fileId) {
    return find(orgId, fileId).orElseThrow(() -> ModelRouteException.notFound("File"));
  }

  /**
   * The organization's READY file; {@code 404 NOT_FOUND}, or {@code 409 CONFLICT} while its upload
   * is pending.
   */
  public StoredFile require(String orgId, String fileId) {
    StoredFile file = get(orgId, fileId);
    if (!file.isReady()) {
      throw new ModelRouteException(ErrorCode.CONFLICT, "File " + fileId + " is not uploaded yet");
    }
    return file;
  }

  /**
   * {@link #require} for a download by {@code caller}, audited as {@link
   * FileAuditAction#DOWNLOADED}.
   */
  public StoredFile download(Principal caller, String fileId, String clientIp) {
    StoredFile file = require(caller.orgId(), fileId);
    record(file, FileAuditAction.DOWNLOADED, caller.keyId(), clientIp);
    return file;
  }

  /**
   * A signed download URL for the organization's READY file, valid {@link #SIGNED_URL_TTL} (or
   * until the file expires, if sooner). Audited as {@link FileAuditAction#DOWNLOAD_URL_ISSUED}.
   */
  public SignedUrl downloadUrl(Principal caller, String fileId, String clientIp) {
    StoredFile file = require(caller.orgId(), fileId);
    SignedUrl url = signedDownload(file, caller.keyId(), clock.instant());
    record(file, FileAuditAction.DOWNLOAD_URL_ISSUED, caller.keyId(), clientIp);
    return url;
  }

  /**
   * The READY file a signed download URL's token names, audited as a download credited to the key
   * that asked for the URL.
   *
   * @throws ModelRouteException FORBIDDEN for a malformed, tampered or expired token; NOT_FOUND
   *     when the file is gone
   */
  public StoredFile openSigned(String token, String clientIp) {
    Instant now = clock.instant();
    Claims claims = signer.verify(Kind.DOWNLOAD, token, now);
    StoredFile file =
        jdbi.withHandle(h -> records.findAnyById(h, claims.fileId(), now))
            .filter(StoredFile::isReady)
            .orElseThrow(() -> ModelRouteException.notFound("File"));
    record(file, FileAuditAction.DOWNLOADED, claims.keyId(), clientIp);
    return file;
  }

  /**
   * Opens a READY file's bytes from {@code offset}.
   *
   * @throws ModelRouteException INTERNAL_ERROR when the bytes are missing from the store;
   *     SERVICE_UNAVAILABLE (retryable) when the store cannot be reached
   */
  public InputStream open(StoredFile file, long offset) {
    try {
      return store.open(file.storageKey(), offset);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ModelRouteException(ErrorCode.INTERNAL_ERROR, "File content unavailable", e);
    } catch (IOException e) {
      throw new ModelRouteException(
          ErrorCode.SERVICE_UNAVAILABLE, "File storage is unavailable", e);
    }
  }

  // ---- deletion and retention ----

  /**
   * Deletes the organization's file (any status) and its bytes; audited as {@link
   * FileAuditAction#DELETED}.
   */
  public void delete(Principal caller, String fileId, String clientIp) {
    StoredFile file = get(caller.orgId(), fileId);
    Instant now = clock.instant();
    boolean deleted =
        jdbi.inTransaction(
            h -> {
              if (!records.delete(h, caller.orgId(), file.id())) {
                return false;
              }
              audit.insert(
                  h,
                  file.orgId(),
                  file.id(),
                  FileAuditAction.DELETED,
                  caller.keyId(),
                  clientIp,
                  now);
              return true;
            });
    if (!deleted) {
      throw ModelRouteException.notFound("File");
    }
    deleteBytes(file.storageKey());
  }

  /**
   * Deletes up to {@code limit} files whose expiry is at or before {@code now} — READY files past
   * their retention and uploads never completed — with their bytes, each audited as {@link
   * FileAuditAction#EXPIRED}. Safe on several nodes at once. Returns how many were deleted.
   */
  int deleteExpired(Instant now, int limit) {
    int deleted = 0;
    for (StoredFile f : jdbi.withHandle(h -> records.findExpired(h, now, limit))) {
      boolean gone =
          jdbi.inTransaction(
              h -> {
                if (!records.deleteIfExpired(h, f.id(), now)) {
                  return false;
                }
                audit.insert(h, f.orgId(), f.id(), FileAuditAction.EXPIRED, null, null, now);
                return true;
              });
      if (gone) {
        deleteBytes(f.storageKey());
        deleted++;
      }
    }
    return deleted;
  }

  // ---- audit ----

  /**
   * The audit trail, newest first, for operators: of one organization, one file, or both.
   *
   * @param beforeId only entries older than this entry id (for paging), or null
   */
  public List<FileAuditEntry> audit(String orgId, String fileId, Long beforeId, int limit) {
    if (orgId == null && fileId == null) {
      throw ModelRouteException.invalid(
          "org", FieldError.REQUIRED, "name an organization, a file or both");
    }
    if (limit < 1 || limit > MAX_AUDIT_PAGE) {
      throw ModelRouteException.invalid(
          "limit", FieldError.OUT_OF_RANGE, "limit must be between 1 and " + MAX_AUDIT_PAGE);
    }
    return jdbi.withHandle(h -> audit.list(h, orgId, fileId, beforeId, limit));
  }

  /** The largest file accepted, in bytes. */
  public long maxBytes() {
    return maxBytes;
  }

  static String storageKey(String orgId, String fileId) {
    return "files/" + orgId + "/" + fileId;
  }

  private SignedUrl signedDownload(StoredFile file, String keyId, Instant now) {
    Instant expires = now.plus(SIGNED_URL_TTL).truncatedTo(ChronoUnit.SECONDS);
    if (file.expiresAt() != null && file.expiresAt().isBefore(expires)) {
      expires = file.expiresAt().truncatedTo(ChronoUnit.SECONDS);
    }
    return new SignedUrl(
        file, DOWNLOAD_PATH + signer.sign(Kind.DOWNLOAD, file.id(), expires, keyId), expires);
  }

  private void record(StoredFile file, FileAuditAction action, String keyId, String clientIp) {
    Instant now = clock.instant();
    jdbi.useHandle(h -> audit.insert(h, file.orgId(), file.id(), action, keyId, clientIp, now));
  }

  private void releaseUpload(String id, Instant urlExpiresAt) {
    try {
      jdbi.useHandle(h -> records.releaseUpload(h, id, urlExpiresAt));
    } catch (RuntimeException e) {
      LOG.warn("could not release the upload claim of {}; its URL stays used", id, e);
    }
  }

  private void deleteBytes(String key) {
    try {
      store.delete(key);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete the bytes under {}; they are orphaned", key, e);
    }
  }

  private ModelRouteException tooLarge() {
    return new ModelRouteException(
        ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than the limit of " + maxBytes + " bytes");
  }

  /** The request body: a read failure is the client's (it broke off), not the storage's. */
  private static final class ClientBody extends FilterInputStream {
    ClientBody(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new ReadFailure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new ReadFailure(e);
      }
    }

    static final class ReadFailure extends IOException {
      ReadFailure(IOException cause) {
        super("reading the request body failed", cause);
      }
    }
  }
}
