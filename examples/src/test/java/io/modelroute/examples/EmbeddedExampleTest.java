package io.modelroute.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedExampleTest {
  @Test
  void theEmbeddedExampleRunsAndSavesARealPng(@TempDir Path dir) throws Exception {
    EmbeddedExample.main(new String[] {dir.toString()});
    byte[] png = Files.readAllBytes(dir.resolve("lighthouse.png"));
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }
}
