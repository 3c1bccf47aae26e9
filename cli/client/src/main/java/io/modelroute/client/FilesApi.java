package io.modelroute.client;

import io.modelroute.api.FileInfo;
import io.modelroute.api.FileUploadTicket;
import io.modelroute.api.FileUrl;
import io.modelroute.api.Page;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Files (docs/files.md), typed: upload by signed URL, list, read, sign a download URL, download,
 * delete. Get it from {@link ModelRouteClient#files()}. Thread-safe.
 */
public final class FilesApi {
  private final ModelRouteClient client;
  private final Transport transport;

  FilesApi(ModelRouteClient client, Transport transport) {
    this.client = client;
    this.transport = transport;
  }

  /**
   * Uploads {@code file} as an execution input: requests an upload URL, PUTs the bytes streamed
   * from disk, confirms. Returns the READY file, whose id goes into an execution's {@code input}.
   */
  public FileInfo upload(Path file) {
    return upload(file, "INPUT", null);
  }

  /**
   * Uploads {@code file} with {@code purpose} ({@code INPUT} or {@code UPLOAD}), kept {@code
   * ttlDays} days (1–365; {@code null} for the server's default).
   *
   * @throws java.io.UncheckedIOException if {@code file} is not a readable regular file
   */
  public FileInfo upload(Path file, String purpose, Integer ttlDays) {
    return transport.decode(client.uploadFile(file, purpose, ttlDays), FileInfo.class);
  }

  /** Step 1 of an upload: a new file id and its signed, single-use upload URL. */
  public FileUploadTicket requestUpload(String purpose, Integer ttlDays) {
    return transport.decode(client.requestUpload(purpose, ttlDays), FileUploadTicket.class);
  }

  /**
   * Step 2: PUTs the bytes of {@code file} to the signed URL (without the API key). Never retried:
   * the URL is single-use.
   */
  public FileInfo put(String uploadUrl, Path file) {
    return transport.decode(client.putUpload(uploadUrl, file), FileInfo.class);
  }

  /** Step 3: marks the upload READY (a no-op when the PUT already did). */
  public FileInfo confirm(String fileId) {
    return transport.decode(client.confirmFile(fileId), FileInfo.class);
  }

  /**
   * One page of the organization's files, newest first.
   *
   * @param status {@code PENDING_UPLOAD} or {@code READY}, or {@code null} for both
   * @param purpose {@code INPUT}, {@code UPLOAD} or {@code OUTPUT}, or {@code null} for all
   * @param limit page size 1–100, or {@code null} for the server default (20)
   * @param startingAfter {@link Page#nextCursor()} of the previous page, or {@code null} for the
   *     first
   */
  public Page<FileInfo> list(String status, String purpose, Integer limit, String startingAfter) {
    return transport.page(client.listFiles(status, purpose, limit, startingAfter), FileInfo.class);
  }

  /** The file's metadata. */
  public FileInfo get(String fileId) {
    return transport.decode(client.getFile(fileId), FileInfo.class);
  }

  /** A signed URL anyone can GET the bytes from for the next hour. */
  public FileUrl url(String fileId) {
    return transport.decode(client.getFileUrl(fileId), FileUrl.class);
  }

  /**
   * Streams the bytes to {@code target} (replacing it, never leaving a partial file); returns the
   * byte count.
   */
  public long download(String fileId, Path target) {
    return client.downloadFile(fileId, target);
  }

  /** Streams the bytes into {@code out} (neither flushed nor closed); returns the byte count. */
  public long download(String fileId, OutputStream out) {
    return client.downloadFile(fileId, out);
  }

  /**
   * Deletes the file and its bytes. Not retried: a repeat of a delete that succeeded would say
   * {@code NOT_FOUND}.
   */
  public void delete(String fileId) {
    client.deleteFile(fileId);
  }
}
