package io.modelroute.file;

/**
 * What happened to a file, as the audit trail records it ({@link FileAuditEntry#action()}).
 * Immutable.
 */
public enum FileAuditAction {
  /** {@code POST /v1/files/upload}: a file id and its one-time upload URL were issued. */
  UPLOAD_URL_ISSUED,
  /** The bytes arrived through the upload URL; the file became READY. */
  UPLOADED,
  /** {@code GET /v1/files/{id}/url}: a signed download URL was issued. */
  DOWNLOAD_URL_ISSUED,
  /** The bytes were read, with an API key or through a signed download URL. */
  DOWNLOADED,
  /** {@code DELETE /v1/files/{id}}. */
  DELETED,
  /** Retention removed the file once its time was up. */
  EXPIRED
}
