/**
 * Files (docs/files.md): the {@link io.modelroute.file.FileStore} seam where bytes live ({@link
 * io.modelroute.file.LocalFileStore}, {@link io.modelroute.file.S3FileStore}), the file records
 * (purpose, status, detected content type, size, SHA-256, retention), and {@link
 * io.modelroute.file.FileService} ({@code ModelRoute.files()}) — the zero-trust upload through
 * signed one-time URLs, content detection from magic bytes, signed download URLs, deletion, the
 * audit trail and the files providers read and write. {@link io.modelroute.file.FileSweeper}
 * enforces retention. The JDBI stores, the URL signer and the content detector are package-private.
 */
package io.modelroute.file;
