package io.modelroute.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The {@link FileStore} contract on the local disk. */
class LocalFileStoreTest extends FileStoreContract {
  private Path root;

  @Override
  FileStore newStore() throws IOException {
    root = Files.createTempDirectory("modelroute-files");
    return new LocalFileStore(root);
  }

  /** Files under the root, the temporary ones included. */
  @Override
  long leftovers() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
