package io.modelroute.api;

/** Why a file exists (docs/files.md). */
public enum FilePurpose {
  /** Uploaded as an execution input. */
  INPUT,
  /** Uploaded for any other use. */
  UPLOAD,
  /** Produced by an execution. */
  OUTPUT
}
