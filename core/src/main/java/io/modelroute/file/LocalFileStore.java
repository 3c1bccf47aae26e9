package io.modelroute.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Keeps file bytes under a directory, one file per key, written to a temporary file and moved into
 * place atomically when complete. The default {@link FileStore}: {@code ModelRoute} uses one under
 * {@code <dataDir>/files} unless {@code ModelRouteConfig.Builder.fileStore} names another. Right
 * for one node; several nodes behind a load balancer need a shared store such as {@link
 * S3FileStore}. Thread-safe.
 */
public final class LocalFileStore implements FileStore {
  private static final int BUFFER = 64 * 1024;
  private final Path root;

  /**
   * A store under {@code root}, creating the directory (and its {@code tmp} subdirectory) if
   * needed.
   *
   * @throws IOException when the directories cannot be created
   */
  public LocalFileStore(Path root) throws IOException {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    Files.createDirectories(this.root.resolve("tmp"));
  }

  @Override
  public Written write(String key, InputStream in, long maxBytes) throws IOException {
    Path target = resolve(key);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(root.resolve("tmp"), "upload", ".part");
    MessageDigest sha = sha256();
    long total = 0;
    try {
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) != -1) {
          total += n;
          if (total > maxBytes) {
            throw new TooLargeException(maxBytes);
          }
          out.write(buf, 0, n);
        }
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new Written(total, HexFormat.of().formatHex(sha.digest()));
  }

  @Override
  public InputStream open(String key, long offset) throws IOException {
    InputStream in = Files.newInputStream(resolve(key));
    if (offset > 0) {
      in.skipNBytes(offset);
    }
    return in;
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      Files.deleteIfExists(resolve(key));
    } catch (NoSuchFileException ignored) {
      // already gone
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(resolve(key));
  }

  private Path resolve(String key) {
    if (!key.matches("[a-z0-9_/-]{1,200}") || key.contains("..") || key.startsWith("/")) {
      throw new IllegalArgumentException("illegal storage key");
    }
    return root.resolve(key);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
