package io.modelroute.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FileStore} does, run against each implementation: whole and ranged reads,
 * content of many parts, the size limit, failures that leave nothing behind, delete and exists.
 */
abstract class FileStoreContract {
  static final int MIB = 1024 * 1024;
  FileStore store;

  /** A new, empty store. */
  abstract FileStore newStore() throws IOException;

  /** Everything the store holds: objects, temporary files, unfinished (multipart) uploads. */
  abstract long leftovers() throws IOException;

  @BeforeEach
  void setUp() throws IOException {
    store = newStore();
  }

  @Test
  void writtenBytesReadBackWholeAndFromAnOffsetWithTheirSizeAndSha256() throws IOException {
    byte[] bytes = Generated.bytes(1000, 1);
    FileStore.Written w = store.write("files/org_a/file_1", new ByteArrayInputStream(bytes), 1000);
    assertThat(w).isEqualTo(new FileStore.Written(1000, sha256(bytes)));
    assertThat(store.exists("files/org_a/file_1")).isTrue();
    assertThat(read(store.open("files/org_a/file_1", 0))).isEqualTo(bytes);
    assertThat(read(store.open("files/org_a/file_1", 997)))
        .isEqualTo(Arrays.copyOfRange(bytes, 997, 1000));
    assertThat(read(store.open("files/org_a/file_1", 1000))).isEmpty();
  }

  @Test
  void contentOfSeveralPartsRoundTripsWithTheRightSha256AndRangesAcrossPartBoundaries()
      throws IOException {
    long size = 20L * MIB + 12345;
    FileStore.Written w = store.write("files/org_a/big", new Generated(size, 7), size);
    assertThat(w.sizeBytes()).isEqualTo(size);
    assertThat(w.sha256Hex()).isEqualTo(Generated.sha256(size, 7));
    try (InputStream in = store.open("files/org_a/big", 0)) {
      assertThat(sha256(in)).isEqualTo(w.sha256Hex());
    }
    byte[] expected = Generated.bytes(8 * MIB + 16, 7);
    try (InputStream in = store.open("files/org_a/big", 8L * MIB - 16)) {
      // a ranged read across the first part boundary, closed long before the end
      assertThat(in.readNBytes(32))
          .isEqualTo(Arrays.copyOfRange(expected, 8 * MIB - 16, 8 * MIB + 16));
    }
    assertThat(leftovers()).isOne();
  }

  @Test
  void aWriteOfExactlyOnePartIsStoredWhole() throws IOException {
    long size = 8L * MIB;
    FileStore.Written w = store.write("files/org_a/exact", new Generated(size, 3), size);
    assertThat(w.sha256Hex()).isEqualTo(Generated.sha256(size, 3));
    try (InputStream in = store.open("files/org_a/exact", 0)) {
      assertThat(sha256(in)).isEqualTo(Generated.sha256(size, 3));
    }
  }

  @Test
  void moreBytesThanTheLimitAreRefusedAndLeaveNothingBehind() throws IOException {
    assertThatThrownBy(
            () -> store.write("files/org_a/small", new ByteArrayInputStream(new byte[1025]), 1024))
        .isInstanceOf(FileStore.TooLargeException.class);
    // past the limit after two parts were already sent
    assertThatThrownBy(
            () -> store.write("files/org_a/large", new Generated(30L * MIB, 1), 17L * MIB))
        .isInstanceOf(FileStore.TooLargeException.class);
    assertThat(store.exists("files/org_a/small")).isFalse();
    assertThat(store.exists("files/org_a/large")).isFalse();
    assertThat(leftovers()).isZero();
    // exactly the limit is fine
    assertThat(
            store
                .write("files/org_a/small", new ByteArrayInputStream(new byte[1024]), 1024)
                .sizeBytes())
        .isEqualTo(1024);
  }

  @Test
  void contentBrokenOffMidwayLeavesNothingBehind() throws IOException {
    Generated content = new Generated(30L * MIB, 2);
    InputStream failing =
        new java.io.FilterInputStream(content) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (content.position() > 18L * MIB) {
              throw new IOException("connection reset");
            }
            return super.read(b, off, len);
          }
        };
    assertThatThrownBy(() -> store.write("files/org_a/cut", failing, 100L * MIB))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
    assertThat(store.exists("files/org_a/cut")).isFalse();
    assertThat(leftovers()).isZero();
  }

  @Test
  void aNewWriteReplacesTheBytesUnderItsKey() throws IOException {
    store.write("files/org_a/f", new ByteArrayInputStream(new byte[] {1, 2, 3}), 10);
    store.write("files/org_a/f", new ByteArrayInputStream(new byte[] {4}), 10);
    assertThat(read(store.open("files/org_a/f", 0))).containsExactly(4);
  }

  @Test
  void emptyContentIsStoredAsAnEmptyObject() throws IOException {
    FileStore.Written w = store.write("files/org_a/empty", InputStream.nullInputStream(), 10);
    assertThat(w).isEqualTo(new FileStore.Written(0, sha256(new byte[0])));
    assertThat(store.exists("files/org_a/empty")).isTrue();
    assertThat(read(store.open("files/org_a/empty", 0))).isEmpty();
  }

  @Test
  void deleteRemovesTheBytesAndAMissingKeyIsNoError() throws IOException {
    store.write("files/org_a/d", new ByteArrayInputStream(new byte[] {1}), 10);
    store.delete("files/org_a/d");
    assertThat(store.exists("files/org_a/d")).isFalse();
    store.delete("files/org_a/d");
    store.delete("files/org_b/never");
    assertThat(leftovers()).isZero();
  }

  @Test
  void openingAMissingKeyFailsAsNoSuchFile() {
    assertThatThrownBy(() -> store.open("files/org_a/missing", 0))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open("files/org_a/missing", 5))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void keysThatCouldEscapeTheStoreAreRefused() {
    for (String key : new String[] {"../x", "/abs", "files/../../x", "UPPER", ""}) {
      assertThatThrownBy(() -> store.write(key, new ByteArrayInputStream(new byte[1]), 10))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static String sha256(byte[] bytes) {
    return sha256(new ByteArrayInputStream(bytes));
  }

  static String sha256(InputStream in) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) != -1; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code size} pseudo-random bytes made as they are read, the same for the same seed. */
  static class Generated extends InputStream {
    private final long size;
    private long state;
    private long position;

    Generated(long size, long seed) {
      this.size = size;
      this.state = 0x9E3779B97F4A7C15L ^ seed;
    }

    static byte[] bytes(int size, long seed) {
      byte[] bytes = new byte[size];
      new Generated(size, seed).read(bytes, 0, size);
      return bytes;
    }

    static String sha256(long size, long seed) {
      return FileStoreContract.sha256(new Generated(size, seed));
    }

    long position() {
      return position;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
      position += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
