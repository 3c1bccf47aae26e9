package io.modelroute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevAdminTokenTest {
  @Test
  void theDevAdminTokenIsGeneratedOnceKeptOwnerOnlyAndTheSameOnEveryStart(@TempDir Path dataDir)
      throws Exception {
    Path file = dataDir.resolve(DevAdminToken.FILE);
    String first = DevAdminToken.ensure(file);
    assertThat(first).startsWith("adm_").hasSizeGreaterThanOrEqualTo(16);
    assertThat(Files.readString(file).strip()).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(DevAdminToken.ensure(file)).isEqualTo(first);
  }

  @Test
  void aTruncatedTokenFileIsReplacedByANewToken(@TempDir Path dataDir) throws Exception {
    Path file = dataDir.resolve(DevAdminToken.FILE);
    Files.writeString(file, "short\n");
    assertThat(DevAdminToken.ensure(file)).startsWith("adm_").isNotEqualTo("short");
  }
}
