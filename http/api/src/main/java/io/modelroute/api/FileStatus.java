package io.modelroute.api;

/** Whether a file's bytes are there yet (docs/files.md). */
public enum FileStatus {
  /** Upload URL issued, bytes not received. */
  PENDING_UPLOAD,
  /** Bytes stored, measured and usable. */
  READY
}
