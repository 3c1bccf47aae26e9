/**
 * Files (docs/files.md): the {@link io.modelroute.file.FileStore} seam where bytes live, the file
 * records (purpose, status, detected content type, size, SHA-256, retention), and {@link
 * io.modelroute.file.FileService} — the zero-trust upload through signed one-time URLs, content
 * detection from magic bytes, signed download URLs, deletion, the audit trail and the files
 * providers read and write. {@link io.modelroute.file.FileSweeper} enforces retention.
 */
package io.modelroute.file;
