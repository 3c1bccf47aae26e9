package io.modelroute.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A file an execution's input refers to ({@code "source_image": "file_…"}), as a provider may use
 * it: by a short-lived signed URL that needs no API key (for providers that fetch files
 * themselves), or by reading the bytes through {@link #source()}. Never a storage path. Handed to
 * providers in {@link ProviderRequest#inputFiles()}. Immutable; safe to share across threads.
 *
 * @param field the input field that names the file, e.g. {@code source_image}
 * @param fileId the {@code file_…} reference
 * @param contentType detected from the file's bytes at upload, e.g. {@code image/png}
 * @param sizeBytes the stored size
 * @param sha256 hex SHA-256 of the bytes
 * @param url a signed GET URL valid until {@code urlExpiresAt}, or {@code null} when the server has
 *     no public URL configured (then only {@link #source()} is available)
 * @param urlExpiresAt when {@code url} stops working, or {@code null} with it
 * @param source opens the bytes; each call opens a new stream, which the caller closes
 */
public record InputFile(
    String field,
    String fileId,
    String contentType,
    long sizeBytes,
    String sha256,
    URI url,
    Instant urlExpiresAt,
    Source source) {

  /** Opens a file's bytes from the start. */
  @FunctionalInterface
  public interface Source {
    /** A new stream over the bytes from the start; the caller closes it. */
    InputStream open() throws IOException;
  }

  public InputFile {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(fileId, "fileId");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(source, "source");
    if ((url == null) != (urlExpiresAt == null)) {
      throw new IllegalArgumentException("url and urlExpiresAt come together");
    }
  }
}
