package io.modelroute.provider.demo;

import io.modelroute.ErrorCode;
import io.modelroute.provider.InputFile;
import io.modelroute.provider.ProviderException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an input image for image-to-video, never at more than about {@link #MAX_SIDE} pixels a
 * side: large sources are subsampled while they are read, so a huge upload cannot exhaust memory.
 * Reads what the JDK's ImageIO reads (PNG, JPEG, GIF, BMP); anything else fails the execution with
 * {@code FILE_FORMAT_UNSUPPORTED}. Stateless, thread-safe.
 */
final class DemoSourceImage {
  /** The demo renders at most 640 pixels a side and keeps a working copy of twice that. */
  static final int MAX_SIDE = 1280;

  private DemoSourceImage() {}

  static BufferedImage read(InputFile file) {
    try (InputStream in = file.source().open();
        ImageInputStream stream = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = stream == null ? null : ImageIO.getImageReaders(stream);
      if (readers == null || !readers.hasNext()) {
        throw unsupported(file);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        int step = Math.max(1, (int) Math.ceil(Math.max(width, height) / (double) MAX_SIDE));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof ProviderException p) {
        throw p;
      }
      throw new ProviderException(
          ErrorCode.FILE_FORMAT_UNSUPPORTED,
          "The demo provider could not read the "
              + file.contentType()
              + " image of input."
              + file.field(),
          e);
    }
  }

  private static ProviderException unsupported(InputFile file) {
    return new ProviderException(
        ErrorCode.FILE_FORMAT_UNSUPPORTED,
        "The demo provider cannot read "
            + file.contentType()
            + " images (input."
            + file.field()
            + ")");
  }
}
