package io.modelroute.file;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.mime.MimeTypesFactory;

/**
 * Tells a file's content type from its first bytes only (magic numbers, then a plain-text check),
 * with Apache Tika's type database: no file name, no client-declared type. Unknown content is
 * {@code application/octet-stream}. Thread-safe.
 *
 * <p>Tika's canonical names are kept except where clients expect another common one ({@code
 * audio/wav} rather than {@code audio/vnd.wave}).
 */
final class ContentDetector {
  /** How many leading bytes detection looks at (Tika's longest magic offset). */
  static final int HEAD_BYTES = 64 * 1024;

  static final String UNKNOWN = "application/octet-stream";

  private static final Map<String, String> PREFERRED_NAMES =
      Map.of(
          "audio/vnd.wave", "audio/wav",
          "audio/x-wav", "audio/wav");

  private static final MimeTypes TYPES = load();

  private ContentDetector() {}

  /** The content type of data starting with {@code head}. */
  static String detect(byte[] head) {
    if (head.length == 0) {
      return UNKNOWN;
    }
    try {
      MediaType type = TYPES.detect(new ByteArrayInputStream(head), new Metadata());
      String name = type.getBaseType().toString();
      return PREFERRED_NAMES.getOrDefault(name, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MimeTypes load() {
    try {
      return MimeTypesFactory.create(
          MimeTypes.class.getResource("tika-mimetypes.xml"),
          ContentDetector.class.getResource("modelroute-mimetypes.xml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MimeTypeException e) {
      throw new IllegalStateException("cannot load the content type database", e);
    }
  }

  /** Passes a stream through, keeping a copy of its first {@link #HEAD_BYTES} bytes. */
  static final class Head extends FilterInputStream {
    private final byte[] head = new byte[HEAD_BYTES];
    private int kept;

    Head(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && kept < head.length) {
        head[kept++] = (byte) b;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0 && kept < head.length) {
        int copy = Math.min(n, head.length - kept);
        System.arraycopy(b, off, head, kept, copy);
        kept += copy;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // skipping would leave a gap in the copy; nothing that writes uploads skips
      throw new IOException("skip is not supported");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    /** The bytes seen so far, up to {@link #HEAD_BYTES}. */
    byte[] bytes() {
      return Arrays.copyOf(head, kept);
    }
  }
}
