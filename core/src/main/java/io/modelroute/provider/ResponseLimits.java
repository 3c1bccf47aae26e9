package io.modelroute.provider;

import io.modelroute.ErrorCode;
import io.modelroute.catalog.Category;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * How much an adapter reads from a provider, enforced while reading (nothing is buffered past the
 * cap): a response that goes over fails the attempt with {@code GENERATION_FAILED} ("The model's
 * response is larger than the limit of … bytes") instead of being stored and served. Pass one to a
 * built-in adapter's constructor ({@code new OpenAiProvider(config, client, limits)}, likewise for
 * Replicate and fal). Immutable; safe to share.
 *
 * @param maxResponseBytes the largest JSON or text answer (chat completions, event streams, job
 *     status and result bodies of text models), {@value #DEFAULT_MAX_RESPONSE_BYTES} by default
 * @param maxMediaBytes the largest answer that carries media: a downloaded output file, or the JSON
 *     of a non-text model, which may inline it (base64 images, {@code data:} URIs); {@value
 *     #DEFAULT_MAX_MEDIA_BYTES} by default, like uploads
 */
public record ResponseLimits(long maxResponseBytes, long maxMediaBytes) {
  /** 8 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

  /** 150 MiB. */
  public static final long DEFAULT_MAX_MEDIA_BYTES = 150L * 1024 * 1024;

  /** The defaults. */
  public static final ResponseLimits DEFAULTS =
      new ResponseLimits(DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_MEDIA_BYTES);

  public ResponseLimits {
    if (maxResponseBytes < 1 || maxMediaBytes < 1) {
      throw new IllegalArgumentException("response limits must be positive");
    }
  }

  /**
   * The cap for a JSON answer about a model of {@code category}: text models answer text, others
   * may inline media.
   */
  public long forBody(Category category) {
    return category == Category.TEXT ? maxResponseBytes : maxMediaBytes;
  }

  /**
   * {@code in}, failing with {@link #tooLarge(long)} (a {@link ProviderException}) on the read that
   * would take it past {@code max} bytes. Closing it closes {@code in}.
   */
  public static InputStream cap(InputStream in, long max) {
    return new FilterInputStream(in) {
      private long count;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && ++count > max) {
          throw tooLarge(max);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, (int) Math.min(len, Math.max(1, max - count + 1)));
        if (n > 0 && (count += n) > max) {
          throw tooLarge(max);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, Math.max(1, max - count + 1)));
        if ((count += skipped) > max) {
          throw tooLarge(max);
        }
        return skipped;
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }

  /** The failure of an answer over {@code max} bytes. */
  public static ProviderException tooLarge(long max) {
    return new ProviderException(
        ErrorCode.GENERATION_FAILED,
        "The model's response is larger than the limit of " + max + " bytes");
  }
}
