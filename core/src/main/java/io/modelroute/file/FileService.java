package io.modelroute.file;

import io.modelroute.ErrorCode;
import io.modelroute.Ids;
import io.modelroute.ModelRouteException;
import io.modelroute.provider.OutputMedia;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Stores provider outputs as OUTPUT files and serves files to their organization. Another
 * organization's file behaves exactly like a missing one. Thread-safe.
 */
public final class FileService {
  /** Largest file accepted unless configured otherwise: 150 MB. */
  public static final long DEFAULT_MAX_BYTES = 150L * 1024 * 1024;

  private final Jdbi jdbi;
  private final JdbiFileRecordStore records;
  private final FileStore store;
  private final Clock clock;
  private final long maxBytes;

  public FileService(Jdbi jdbi, JdbiFileRecordStore records, FileStore store, Clock clock, long maxBytes) {
    this.jdbi = jdbi;
    this.records = records;
    this.store = store;
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /**
   * Streams a produced file into storage and records it as a READY OUTPUT file of the
   * organization, kept for the organization's default retention.
   */
  public StoredFile storeOutput(String orgId, String executionId, OutputMedia media) throws IOException {
    String id = Ids.file();
    String key = storageKey(orgId, id);
    FileStore.Written written;
    try (InputStream in = media.source().open()) {
      written = store.write(key, in, maxBytes);
    }
    Instant now = clock.instant();
    Integer ttlDays = jdbi.withHandle(h -> h.createQuery("SELECT file_ttl_days FROM organizations WHERE id = :id")
        .bind("id", orgId).mapTo(Integer.class).findOne().orElse(null));
    StoredFile file = new StoredFile(
        id, orgId, "OUTPUT", "READY", media.contentType(), written.sizeBytes(), written.sha256Hex(), key,
        executionId, media.width(), media.height(), now,
        ttlDays == null ? null : now.plus(Duration.ofDays(ttlDays)));
    try {
      jdbi.useHandle(h -> records.insert(h, file));
    } catch (RuntimeException e) {
      store.delete(key);
      throw e;
    }
    return file;
  }

  /** The organization's file; {@code FILE_NOT_FOUND}-style absence as empty. */
  public Optional<StoredFile> find(String orgId, String fileId) {
    if (!Ids.isFileId(fileId)) {
      return Optional.empty();
    }
    return jdbi.withHandle(h -> records.findById(h, orgId, fileId, clock.instant()));
  }

  /** The organization's READY file or {@code 404 NOT_FOUND}. */
  public StoredFile require(String orgId, String fileId) {
    return find(orgId, fileId)
        .filter(StoredFile::isReady)
        .orElseThrow(() -> ModelRouteException.notFound("File"));
  }

  /** Opens a READY file's bytes from {@code offset}. */
  public InputStream open(StoredFile file, long offset) {
    try {
      return store.open(file.storageKey(), offset);
    } catch (IOException e) {
      throw new ModelRouteException(ErrorCode.INTERNAL_ERROR, "File content unavailable", e);
    }
  }

  public long maxBytes() {
    return maxBytes;
  }

  static String storageKey(String orgId, String fileId) {
    return "files/" + orgId + "/" + fileId;
  }

}
