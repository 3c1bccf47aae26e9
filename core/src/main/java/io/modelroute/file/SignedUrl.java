package io.modelroute.file;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A capability URL for one file, relative to wherever the server is reached: whoever holds it may
 * upload (once) or download the file until {@code expiresAt}, without an API key. {@link
 * FileService#requestUpload} and {@link FileService#downloadUrl} hand them out. Immutable; safe to
 * share.
 *
 * @param file the file as it is now
 * @param path the URL's path, e.g. {@code /v1/files/upload/file_….1767225600.key_….sig}
 * @param expiresAt when the URL stops working
 */
public record SignedUrl(StoredFile file, String path, Instant expiresAt) {
  /** Checks that the file, path and expiry are there. */
  public SignedUrl {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** The absolute URL under {@code base}, e.g. {@code http://localhost:8080}. */
  public URI resolve(URI base) {
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + path);
  }
}
