package io.modelroute.cli;

import io.modelroute.internal.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The admin token of {@code serve --dev} when none is configured: generated once and kept in {@code
 * <data-dir>/dev-admin-token} (owner-only where the file system allows), so every start uses and
 * prints the same one, as with the dev API key.
 */
final class DevAdminToken {
  static final String FILE = "dev-admin-token";

  private DevAdminToken() {}

  /** The token in {@code file}, or a new one written there. */
  static String ensure(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      String kept = Files.readString(file).strip();
      if (kept.length() >= 16) {
        return kept;
      }
    }
    String token = "adm_" + Ids.randomHex(24);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, token + "\n");
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // e.g. Windows: the data directory's own permissions apply
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return token;
  }
}
